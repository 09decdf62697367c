"""Message catalogs (messages.pot, <lang>/LC_MESSAGES/messages.po) and the vocabulary that
reaches templates as data; see vocabulary.py."""
