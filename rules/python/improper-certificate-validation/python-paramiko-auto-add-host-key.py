import paramiko

client = paramiko.SSHClient()
# ruleid: python-paramiko-auto-add-host-key
client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
# ruleid: python-paramiko-auto-add-host-key
client.set_missing_host_key_policy(paramiko.WarningPolicy)
# ok: python-paramiko-auto-add-host-key
client.set_missing_host_key_policy(paramiko.RejectPolicy())
client.load_system_host_keys()


def connect(host):
    ssh = paramiko.SSHClient()
    lenient = paramiko.AutoAddPolicy()
    # ruleid: python-paramiko-auto-add-host-key
    ssh.set_missing_host_key_policy(lenient)
    strict = paramiko.RejectPolicy()
    # ok: python-paramiko-auto-add-host-key
    ssh.set_missing_host_key_policy(strict)
    ssh.connect(host)
    return ssh
