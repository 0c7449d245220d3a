package scan

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
)

// FS is the file system of a scan. Names are slash paths relative to the
// scan root; they may climb above it with leading "../", as Terraform
// follows module sources and file functions, as far as the repository
// root and never further. Everything is opened through an os.Root at the
// repository root, so a link that leads out of the repository is refused,
// as is an absolute path.
type FS struct {
	*dirFS
	// Repo is the absolute repository root: the nearest directory at or
	// above the scan root that holds a .git entry, else the scan root.
	Repo string
	// Above is how many directories the repository root is above the scan
	// root.
	Above int
}

// OpenFS opens the file system of a scan rooted at root.
func OpenFS(root string) (*FS, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	repo, above := repository(abs)
	r, err := os.OpenRoot(repo)
	if err != nil {
		return nil, err
	}
	prefix := "."
	if above > 0 {
		rel, err := filepath.Rel(repo, abs)
		if err != nil {
			_ = r.Close()
			return nil, err
		}
		prefix = filepath.ToSlash(rel)
	}
	return &FS{dirFS: newDirFS(r, prefix), Repo: repo, Above: above}, nil
}

// Close closes the directory roots and the repository root.
func (f *FS) Close() {
	f.dirFS.Close()
	_ = f.root.Close()
}

// repository returns the nearest directory at or above dir that holds a
// .git entry (a directory, or the file of a worktree or submodule), and
// how many levels above dir it is. Without one, the scan root is the
// boundary.
func repository(dir string) (string, int) {
	for d, n := dir, 0; ; n++ {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d, n
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir, 0
		}
		d = parent
	}
}

// ReadFile reads name from fsys if it is a regular file of at most
// maxSize bytes (no limit when maxSize is 0). The checks are made on the
// opened file, so that a file swapped for a named pipe or a device after
// a look at its name is still refused; fsys must open without blocking,
// as an FS does. A file that grows while it is read is refused too.
func ReadFile(fsys fs.FS, name string, maxSize int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errNotRegular}
	}
	if maxSize > 0 && info.Size() > maxSize {
		return nil, &fs.PathError{Op: "read", Path: name, Err: tooLarge(info.Size(), maxSize)}
	}
	r := io.Reader(f)
	if maxSize > 0 {
		r = io.LimitReader(f, maxSize+1)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if maxSize > 0 && int64(len(b)) > maxSize {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("file grew over the limit of %d bytes while it was read", maxSize)}
	}
	return b, nil
}

func tooLarge(size, limit int64) error {
	return fmt.Errorf("file is %d bytes, over the limit of %d", size, limit)
}

// dirFS opens files through a root of each file's directory. os.Root
// resolves a path a component at a time, a system call each, so that no
// link leads out of the tree; a tree's files are several directories deep
// and were paid for again at every file. The roots of the directories in
// use are kept open, a few at a time, and a directory is opened from its
// parent's root when that is open, so that a walk down a deep tree opens
// each directory once rather than from the top again.
//
// A sub-root also refuses what leads out of its directory, where the
// repository root would allow it (a link to a sibling directory): whatever
// a sub-root refuses is asked again of the repository root, which decides,
// so the tree's bounds are those of os.Root.
type dirFS struct {
	root *os.Root
	// prefix is the scan root relative to root: "." or "a/b".
	prefix string
	// up holds prefix's components, which names climb with "../".
	up   []string
	base fs.FS
	mu   sync.Mutex
	dirs map[string]*dirRoot
	// clock orders the uses of the roots, for closing the least recently
	// used.
	clock uint64
	// fromTop counts the directories opened from the repository root, a
	// system call per component, rather than from their parent's root.
	fromTop int
}

type dirRoot struct {
	r     *os.Root
	users int
	used  uint64
}

// keepDirs is how many directory roots stay open: enough for the dirs each
// core is reading.
const keepDirs = 16

func newDirFS(root *os.Root, prefix string) *dirFS {
	d := &dirFS{root: root, prefix: prefix, base: root.FS(), dirs: map[string]*dirRoot{}}
	if prefix != "." {
		d.up = strings.Split(prefix, "/")
	}
	return d
}

// openFlags open without waiting: opening a named pipe for reading would
// otherwise wait for a writer, for ever.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK

// errNotRegular refuses what is neither a file nor a directory: a named
// pipe, a device, a socket.
var errNotRegular = errors.New("not a regular file")

// resolve turns a name relative to the scan root into one relative to the
// repository root, which os.Root accepts: leading "../" climb out of the
// scan root, the rest must be a valid fs path. ok is false for names that
// leave the repository, absolute names and names that are not clean.
func (d *dirFS) resolve(name string) (string, bool) {
	climb, rest := 0, name
	for {
		if rest == ".." {
			climb, rest = climb+1, "."
			break
		}
		after, found := strings.CutPrefix(rest, "../")
		if !found {
			break
		}
		climb, rest = climb+1, after
	}
	if !fs.ValidPath(rest) || climb > len(d.up) {
		return "", false
	}
	if climb == 0 {
		if d.prefix == "." {
			return rest, true
		}
		return path.Join(d.prefix, rest), true
	}
	return path.Join(path.Join(d.up[:len(d.up)-climb]...), rest), true
}

// renamed gives an error the caller's name for the file, not the
// repository root's.
func renamed(err error, name string) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path != name {
		return &fs.PathError{Op: pe.Op, Path: name, Err: pe.Err}
	}
	return err
}

// invalid is the error of a name resolve refuses, as os.Root's FS gives it.
func invalid(op, name string) error {
	return &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
}

// Open opens name through its directory's root. It refuses what is neither
// a regular file nor a directory, which reading could block on.
func (d *dirFS) Open(name string) (fs.File, error) {
	full, ok := d.resolve(name)
	if !ok {
		return nil, invalid("open", name)
	}
	f, err := via(d, full, func(r *os.Root, name string) (fs.File, error) {
		return r.OpenFile(name, openFlags, 0)
	}, func(name string) (fs.File, error) {
		return d.root.OpenFile(name, openFlags, 0)
	})
	if err != nil {
		return nil, renamed(err, name)
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

// Stat and ReadDir are the repository root's, through the directory's
// root: fs.Stat and fs.ReadDir call them.
func (d *dirFS) Stat(name string) (fs.FileInfo, error) {
	full, ok := d.resolve(name)
	if !ok {
		return nil, invalid("stat", name)
	}
	info, err := via(d, full, (*os.Root).Stat, d.base.(fs.StatFS).Stat)
	return info, renamed(err, name)
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
	full, ok := d.resolve(name)
	if !ok {
		return nil, invalid("readdir", name)
	}
	es, err := via(d, full, func(r *os.Root, name string) ([]fs.DirEntry, error) {
		return fs.ReadDir(r.FS(), name)
	}, d.base.(fs.ReadDirFS).ReadDir)
	return es, renamed(err, name)
}

// split cuts a clean path into its directory and base name. It looks at
// the end of the path alone: paths of a deep tree are long, and a walk
// must not read each one in full more than it has to.
func split(name string) (dir, base string) {
	i := strings.LastIndexByte(name, '/')
	if i < 0 {
		return ".", name
	}
	return name[:i], name[i+1:]
}

// via does op on name's base name in its directory's root, and asks the
// repository root when that fails, so that errors are the repository
// root's. name is clean.
func via[T any](d *dirFS, name string, op func(*os.Root, string) (T, error), fallback func(string) (T, error)) (T, error) {
	if name == "." {
		return fallback(name)
	}
	dir, base := split(name)
	dr := d.acquire(dir)
	if dr == nil {
		return fallback(name)
	}
	v, err := op(dr.r, base)
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
		r, err := d.openDir(dir)
		if err != nil {
			return nil
		}
		dr = &dirRoot{r: r}
		d.dirs[dir] = dr
	}
	d.clock++
	dr.used = d.clock
	dr.users++
	// After the use is counted, so that the root just opened stays.
	d.evict()
	return dr
}

// openDir opens the root of dir: from its parent's root when that is open
// and lets it (one system call), else from the repository root (one per
// component).
func (d *dirFS) openDir(dir string) (*os.Root, error) {
	if dir != "." {
		parent, base := split(dir)
		if p := d.dirs[parent]; p != nil {
			if r, err := p.r.OpenRoot(base); err == nil {
				return r, nil
			}
		}
	}
	d.fromTop++
	return d.root.OpenRoot(dir)
}

func (d *dirFS) release(dr *dirRoot) {
	d.mu.Lock()
	defer d.mu.Unlock()
	dr.users--
}

// evict closes the least recently used roots no one is using, down to
// keepDirs.
func (d *dirFS) evict() {
	for len(d.dirs) > keepDirs {
		oldest, at := "", uint64(0)
		for dir, dr := range d.dirs {
			if dr.users == 0 && (oldest == "" || dr.used < at) {
				oldest, at = dir, dr.used
			}
		}
		if oldest == "" {
			return
		}
		_ = d.dirs[oldest].r.Close()
		delete(d.dirs, oldest)
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
}
