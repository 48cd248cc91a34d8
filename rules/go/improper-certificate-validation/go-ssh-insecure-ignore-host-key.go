package deploy

import (
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

func configs(user string, auth []ssh.AuthMethod) (*ssh.ClientConfig, *ssh.ClientConfig, error) {
	loose := &ssh.ClientConfig{
		User: user,
		Auth: auth,
		// ruleid: go-ssh-insecure-ignore-host-key
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
	}
	callback, err := knownhosts.New("/etc/ssh/ssh_known_hosts")
	if err != nil {
		return nil, nil, err
	}
	strict := &ssh.ClientConfig{
		User: user,
		Auth: auth,
		// ok: go-ssh-insecure-ignore-host-key
		HostKeyCallback: callback,
	}
	return loose, strict, nil
}
