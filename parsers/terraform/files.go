package terraform

import (
	"errors"
	"io"
	"io/fs"
	"path"
	"strings"
)

// Over an os.Root every call resolves its path afresh, one directory at a
// time; a file system call costs more than the bytes it returns. These
// wrappers make each dir listed once per loader and each file opened once.

// dirList is one listing of a dir.
type dirList struct {
	entries []fs.DirEntry
	err     error
}

// readDir lists dir once per loader.
func (l *loader) readDir(dir string) ([]fs.DirEntry, error) {
	if d, ok := l.dirs[dir]; ok {
		return d.entries, d.err
	}
	if entries, ok := l.opts.Listings[dir]; ok {
		return entries, nil
	}
	entries, err := fs.ReadDir(l.fsys, dir)
	l.dirs[dir] = dirList{entries, err}
	return entries, err
}

// exists reports whether fs.Stat finds dir/name, answered from the listing
// of dir when the listing is certain: a name that is there and no link, or
// a name that is not there in any case.
func (l *loader) exists(dir, name string) bool {
	entries, err := l.readDir(dir)
	if err == nil {
		sure, found := true, false
		for _, e := range entries {
			switch {
			case e.Name() == name:
				found = true
				sure = e.Type()&fs.ModeSymlink == 0
			case strings.EqualFold(e.Name(), name):
				sure = false // a file system that ignores case would find it
			}
		}
		if sure {
			return found
		}
	}
	_, err = fs.Stat(l.fsys, path.Join(dir, name))
	return err == nil
}

// readSmall reads a regular file of at most l.maxSize bytes with one open;
// ok is false for anything else, which the caller then reads the long way
// to report it exactly.
func (l *loader) readSmall(name string) (b []byte, ok bool) {
	f, err := l.fsys.Open(name)
	if err != nil {
		return nil, false
	}
	defer func() { _ = f.Close() }()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() > l.maxSize {
		return nil, false
	}
	b = make([]byte, 0, st.Size()+1)
	for {
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if errors.Is(err, io.EOF) {
			return b, true
		}
		if err != nil {
			return nil, false
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}
