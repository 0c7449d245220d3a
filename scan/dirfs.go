package scan

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"sync"
	"syscall"
)

// dirFS is the file system of a scan: an os.Root, opened through a root of
// each file's directory. os.Root resolves a path a component at a time, a
// system call each, so that no link leads out of the tree; a tree's files
// are several directories deep and were paid for again at every file. The
// roots of the directories in use are kept open, a few at a time.
//
// A sub-root also refuses what leads out of its directory, where the scan
// root would allow it (a link to a sibling directory): whatever a sub-root
// refuses is asked again of the scan root, which decides, so the tree's
// bounds are those of os.Root.
type dirFS struct {
	root *os.Root
	base fs.FS
	mu   sync.Mutex
	dirs map[string]*dirRoot
	lru  []string // least recently used first
}

type dirRoot struct {
	r     *os.Root
	users int
}

// keepDirs is how many directory roots stay open: enough for the dirs each
// core is reading.
const keepDirs = 16

func newDirFS(root *os.Root) *dirFS {
	return &dirFS{root: root, base: root.FS(), dirs: map[string]*dirRoot{}}
}

// openFlags open without waiting: opening a named pipe for reading would
// otherwise wait for a writer, for ever.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK

// errNotRegular refuses what is neither a file nor a directory: a named
// pipe, a device, a socket.
var errNotRegular = errors.New("not a regular file")

// Open opens name through its directory's root. It refuses what is neither
// a regular file nor a directory, which reading could block on.
func (d *dirFS) Open(name string) (fs.File, error) {
	f, err := via(d, name, func(r *os.Root, name string) (fs.File, error) {
		return r.OpenFile(name, openFlags, 0)
	}, func(name string) (fs.File, error) {
		if !fs.ValidPath(name) {
			return d.base.Open(name)
		}
		return d.root.OpenFile(name, openFlags, 0)
	})
	if err != nil {
		return nil, err
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() && !info.IsDir() {
		_ = f.Close()
		if err == nil {
			err = errNotRegular
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return f, nil
}

// Stat and ReadDir are the scan root's, through the directory's root:
// fs.Stat and fs.ReadDir call them.
func (d *dirFS) Stat(name string) (fs.FileInfo, error) {
	return via(d, name, (*os.Root).Stat, d.base.(fs.StatFS).Stat)
}

// ReadFile reads what Open opens.
func (d *dirFS) ReadFile(name string) ([]byte, error) {
	f, err := d.Open(name)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	return io.ReadAll(f)
}

func (d *dirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	return via(d, name, func(r *os.Root, name string) ([]fs.DirEntry, error) {
		return fs.ReadDir(r.FS(), name)
	}, d.base.(fs.ReadDirFS).ReadDir)
}

// via does op on name's base name in its directory's root, and asks the
// scan root when that fails, so that errors are the scan root's.
func via[T any](d *dirFS, name string, op func(*os.Root, string) (T, error), fallback func(string) (T, error)) (T, error) {
	if !fs.ValidPath(name) || name == "." {
		return fallback(name)
	}
	dr := d.acquire(path.Dir(name))
	if dr == nil {
		return fallback(name)
	}
	v, err := op(dr.r, path.Base(name))
	d.release(dr)
	if err != nil {
		return fallback(name)
	}
	return v, nil
}

// acquire returns the root of dir, opening it if need be; nil when it
// cannot be opened.
func (d *dirFS) acquire(dir string) *dirRoot {
	d.mu.Lock()
	defer d.mu.Unlock()
	dr := d.dirs[dir]
	if dr == nil {
		r, err := d.root.OpenRoot(dir)
		if err != nil {
			return nil
		}
		dr = &dirRoot{r: r}
		d.dirs[dir] = dr
		d.evict()
	}
	d.touch(dir)
	dr.users++
	return dr
}

func (d *dirFS) release(dr *dirRoot) {
	d.mu.Lock()
	defer d.mu.Unlock()
	dr.users--
}

// touch moves dir to the end of the LRU list.
func (d *dirFS) touch(dir string) {
	for i, x := range d.lru {
		if x == dir {
			d.lru = append(d.lru[:i], d.lru[i+1:]...)
			break
		}
	}
	d.lru = append(d.lru, dir)
}

// evict closes the least recently used roots no one is using, down to
// keepDirs.
func (d *dirFS) evict() {
	for i := 0; len(d.dirs) > keepDirs && i < len(d.lru); {
		dir := d.lru[i]
		if dr := d.dirs[dir]; dr.users == 0 {
			_ = dr.r.Close()
			delete(d.dirs, dir)
			d.lru = append(d.lru[:i], d.lru[i+1:]...)
			continue
		}
		i++
	}
}

// Close closes the directory roots.
func (d *dirFS) Close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for dir, dr := range d.dirs {
		_ = dr.r.Close()
		delete(d.dirs, dir)
	}
	d.lru = nil
}
