from django.apps import AppConfig


class AdviceConfig(AppConfig):
    """Ask the Monitoring Officer: members' confidential questions and the FAQ made from them.

    A bounded context of its own beside standards complaints (both are the
    Monitoring Officer's casework, neither imports the other). It adds its FAQ
    answers to the guidance library's search through a search provider.
    """

    name = "advice"
    label = "advice"
    verbose_name = "Ask the Monitoring Officer"

    def ready(self):
        from django.urls import reverse

        from advice import access, panels, selectors  # noqa: F401 - panels registers the dashboard panels
        from guidance import extensions
        from portal import navigation

        navigation.register("advice_queue", access.is_advice_officer)

        extensions.register_search_provider(
            extensions.SearchProvider(
                key="answers",
                heading="Answers from the Monitoring Officer",
                search=lambda query, limit: selectors.search_faqs(query, limit=limit),
                nothing_found="No published answers match",
                # Published answers are the same for everyone who may search the library.
                reads=(selectors.FaqEntry,),
            )
        )
        extensions.register_ask_url(lambda document: f"{reverse('advice:ask')}?document={document.pk}")
