package store

import (
	"io/ioutil"
	"os"
	"path/filepath"
)

const privateMode = 0o600

func saveState(dir string, state []byte) error {
	// ruleid: go-world-writable-permissions
	if err := os.MkdirAll(dir, 0777); err != nil {
		return err
	}
	// ruleid: go-world-writable-permissions
	return os.WriteFile(filepath.Join(dir, "state.json"), state, 0666)
}

func appendLog(path string, line []byte) error {
	// ruleid: go-world-writable-permissions
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o622)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.Write(line)
	return err
}

func legacyExport(path string, data []byte) error {
	// ruleid: go-world-writable-permissions
	return ioutil.WriteFile(path, data, 0766)
}

func share(path string) error {
	// ruleid: go-world-writable-permissions
	return os.Chmod(path, 0777)
}

func saveKey(dir string, key []byte) error {
	// ok: go-world-writable-permissions
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	// ok: go-world-writable-permissions
	if err := os.WriteFile(filepath.Join(dir, "key.pem"), key, 0600); err != nil {
		return err
	}
	// ok: go-world-writable-permissions
	if err := os.WriteFile(filepath.Join(dir, "key.pub"), key, 0644); err != nil {
		return err
	}
	// ok: go-world-writable-permissions
	return os.WriteFile(filepath.Join(dir, "key.bak"), key, privateMode)
}

func openReadOnly(path string) (*os.File, error) {
	// ok: go-world-writable-permissions
	return os.OpenFile(path, os.O_RDONLY, 0)
}
