"""Pages of the registers: the member's own (``member``), the officers' (``office``), the public."""
