"""Request handlers, one module per feature: parse, make one domain call, render."""
