"""Uptake reports for the Member Support Steering Group and Member Support.

``filters`` turns the query string into a Scope (period and which members);
``tables`` holds the Table type, the small-number rule and CSV export;
``figures`` computes every figure with database aggregates; ``charts`` draws
accessible SVG from a table's rows; ``views`` puts them on pages.
"""
