"""The Telegram bot (aiogram 3): ``python -m bot`` polls; in webhook mode the portal mounts bot.webhook."""
