"""The intake bot's app side: the resident's context in, the bot's actions executed, replies out."""
