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


def rotate(user, new_password):
    # The secret under another name, through a helper and in a dictionary.
    entry = new_password
    # ruleid: python-logging-sensitive-data
    logger.info("rotated for %s: %s", user, entry)
    details = {"user": user, "value": new_password}
    # ruleid: python-logging-sensitive-data
    logger.debug("rotation %r", details)
    # ok: python-logging-sensitive-data
    logger.info("rotated for %s (%d characters)", user, len(new_password))
    # ok: python-logging-sensitive-data
    logger.info("rotated for %s, digest %s", user, hash_secret(new_password))


def hash_secret(value):
    return value


def signup(form):
    chosen = form.get("password")
    # ruleid: python-logging-sensitive-data
    logging.warning("signup with %s", chosen)
    # ok: python-logging-sensitive-data
    logging.warning("signup for %s", form.get("email"))


def listing(client, next_token):
    # ok: python-logging-sensitive-data
    logger.debug("fetching page after %s", next_token)
    return client.list(next_token)
