"""One router per feature; :func:`bot.dispatcher.create_dispatcher` includes them in order."""
