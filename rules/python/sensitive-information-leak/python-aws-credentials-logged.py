import logging

import boto3

logger = logging.getLogger(__name__)
credentials = boto3.Session().get_credentials()
# ruleid: python-aws-credentials-logged
logger.info("using %s", credentials.secret_key)
# ruleid: python-aws-credentials-logged
print(credentials.token, credentials.secret_key)
# ok: python-aws-credentials-logged
logger.info("using key ending %s", credentials.access_key[-4:])
