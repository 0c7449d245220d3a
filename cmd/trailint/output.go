package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// The report file is often in a checkout of someone else's pull request
// (the action writes trailint.sarif at the repository root), where a
// symbolic link may wait for it. trailint never writes through a link:
// one at the report's path is refused, and the report is written to a
// fresh file beside it that is then renamed over the path. A rename
// replaces the directory entry, so neither a link put there meanwhile nor
// a hard link to a file elsewhere is written through, and a failed run
// never leaves half a report behind.

// checkOutput refuses a report path that is a symbolic link or a
// directory, before anything is scanned.
func checkOutput(name string) error {
	info, err := os.Lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case info.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s is a symbolic link, which trailint does not write through: remove it or name another file", name)
	case info.IsDir():
		return fmt.Errorf("%s is a directory", name)
	}
	return nil
}

// writeReport writes data to name without following a link there. A
// character device (/dev/null) is written to as it is; anything else at
// name is replaced. A new file gets the mode os.Create would give it, an
// existing one keeps its permissions.
func writeReport(name string, data []byte) error {
	old, err := os.Lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		old = nil
	case err != nil:
		return err
	case old.Mode()&fs.ModeSymlink != 0 || old.IsDir():
		return checkOutput(name)
	case old.Mode()&fs.ModeCharDevice != 0:
		return writeDevice(name, data)
	}
	f, tmp, err := createFresh(name)
	if err != nil {
		return err
	}
	err = fill(f, old, data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		_ = os.Remove(tmp)
	}
	return err
}

func fill(f *os.File, old fs.FileInfo, data []byte) error {
	if old != nil && old.Mode().IsRegular() {
		if err := f.Chmod(old.Mode().Perm()); err != nil {
			return err
		}
	}
	_, err := f.Write(data)
	return err
}

// createFresh creates a new file beside name. O_EXCL makes the open fail
// rather than follow a link that is already there.
func createFresh(name string) (*os.File, string, error) {
	dir, base := filepath.Split(name)
	var err error
	for range 10 {
		var b [8]byte
		_, _ = rand.Read(b[:])
		tmp := filepath.Join(dir, "."+base+"."+hex.EncodeToString(b[:])+".tmp")
		var f *os.File
		f, err = os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if err == nil {
			return f, tmp, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	return nil, "", err
}

func writeDevice(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}
