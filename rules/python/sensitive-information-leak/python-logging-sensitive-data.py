import logging

logger = logging.getLogger(__name__)


def login(user, password, token):
    # ruleid: python-logging-sensitive-data
    logger.info("login %s with %s", user, password)
    # ruleid: python-logging-sensitive-data
    logger.debug(f"issued token {token}")
    # ok: python-logging-sensitive-data
    logger.info("login %s", user)
    # ok: python-logging-sensitive-data
    logger.debug("issued token for %s", user)
