import boto3

# ruleid: python-boto3-hardcoded-credentials
s3 = boto3.client("s3", aws_access_key_id="AKIAABCDEFGHIJKLMNOP", aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY")
# ok: python-boto3-hardcoded-credentials
s3_default = boto3.client("s3")
# ok: python-boto3-hardcoded-credentials
session = boto3.Session(profile_name="deploy")
