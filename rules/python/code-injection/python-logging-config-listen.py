import logging.config


def start_listener(verify_signature):
    # ruleid: python-logging-config-listen
    listener = logging.config.listen(9999)
    # ok: python-logging-config-listen
    checked = logging.config.listen(9999, verify=verify_signature)
    listener.start()
    checked.start()
