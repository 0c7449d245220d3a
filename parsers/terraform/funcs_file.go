package terraform

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/trailint/trailint/graph"
)

// fileFuncs are the functions that read files of the configuration. Paths
// resolve from the root module's directory, as Terraform resolves them from
// the directory it runs in, and never leave the scanned tree.
func (l *loader) fileFuncs(rootDir string) map[string]function.Function {
	hashed := func(name string, h func() hash.Hash, enc func([]byte) string) function.Function {
		return l.fileFunc(rootDir, name, false, func(b []byte) (cty.Value, error) {
			sum := h()
			sum.Write(b)
			return cty.StringVal(enc(sum.Sum(nil))), nil
		})
	}
	b64 := base64.StdEncoding.EncodeToString
	return map[string]function.Function{
		"file": l.fileFunc(rootDir, "file", false, func(b []byte) (cty.Value, error) {
			if !utf8.Valid(b) {
				return cty.NilVal, fmt.Errorf("contents of the file are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead")
			}
			return cty.StringVal(string(b)), nil
		}),
		"filebase64": l.fileFunc(rootDir, "filebase64", true, func(b []byte) (cty.Value, error) {
			return cty.StringVal(b64(b)), nil
		}),
		"filebase64sha256": hashed("filebase64sha256", sha256.New, b64),
		"filebase64sha512": hashed("filebase64sha512", sha512.New, b64),
		"filemd5":          hashed("filemd5", md5.New, hex.EncodeToString),
		"filesha1":         hashed("filesha1", sha1.New, hex.EncodeToString),
		"filesha256":       hashed("filesha256", sha256.New, hex.EncodeToString),
		"filesha512":       hashed("filesha512", sha512.New, hex.EncodeToString),
		"fileexists":       l.fileExistsFunc(rootDir),
		"fileset":          l.fileSetFunc(rootDir),
	}
}

// machinePath reports whether p names a place on the machine Terraform
// runs on, rather than in the configuration: its home directory or an
// absolute path.
func machinePath(p string) bool {
	return p == "~" || strings.HasPrefix(p, "~/") || path.IsAbs(p) || strings.HasPrefix(p, `\`) || (len(p) > 1 && p[1] == ':')
}

func (l *loader) readScanFile(rootDir, p string) (string, error) {
	b, err := l.readScanBytes(rootDir, p)
	return string(b), err
}

func (l *loader) readScanBytes(rootDir, p string) ([]byte, error) {
	name, err := l.resolveIn(rootDir, p)
	if err != nil {
		return nil, err
	}
	st, err := fs.Stat(l.fsys, name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("no file exists at %q", p)
	case err != nil:
		// os.Root refuses a link that leads out of the scan root.
		return nil, fmt.Errorf("cannot read %q: it leads outside the repository or is unreadable", p)
	}
	if st.Size() > l.maxSize {
		return nil, fmt.Errorf("file %q is over the size limit", p)
	}
	if err := (caps{l.opts.Budget.Limits()}).bytes(st.Size()); err != nil {
		return nil, err
	}
	b, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		return nil, fmt.Errorf("cannot read %q", p)
	}
	l.files[name] = true
	return b, nil
}

// fileFunc reads a file and makes its result of the bytes; base64 is set
// for a function whose result is the bytes in base64, four of three.
func (l *loader) fileFunc(rootDir, name string, base64Result bool, result func([]byte) (cty.Value, error)) function.Function {
	c := caps{l.opts.Budget.Limits()}
	return function.New(&function.Spec{
		Params: []function.Parameter{str("path")},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			if graph.HasHoles(args[0].AsString()) {
				return unknownHoles(ret, name, args...), nil
			}
			b, err := l.readScanBytes(rootDir, args[0].AsString())
			if err != nil {
				return cty.NilVal, err
			}
			if base64Result {
				if err := c.bytes(int64(base64.StdEncoding.EncodedLen(len(b)))); err != nil {
					return cty.NilVal, err
				}
			}
			return result(b)
		},
	})
}

func (l *loader) fileExistsFunc(rootDir string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{str("path")},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			p := args[0].AsString()
			if graph.HasHoles(p) {
				return unknownHoles(cty.Bool, "fileexists", args...), nil
			}
			if machinePath(p) {
				return unknownBecause(cty.Bool, fmt.Sprintf("fileexists(%q) depends on the machine Terraform runs on", p)), nil
			}
			name, err := l.resolveIn(rootDir, p)
			if err != nil {
				return cty.NilVal, err
			}
			st, err := fs.Stat(l.fsys, name)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				return cty.False, nil
			case err != nil:
				return cty.NilVal, fmt.Errorf("cannot read %q: it leads outside the repository or is unreadable", p)
			case st.IsDir():
				return cty.NilVal, function.NewArgErrorf(0, "%s is a directory, not a file", p)
			case !st.Mode().IsRegular():
				return cty.NilVal, function.NewArgErrorf(0, "%s is not a regular file", p)
			}
			return cty.True, nil
		},
	})
}

// fileSetFunc is fileset: the files under a directory whose paths match a
// pattern, relative to that directory.
func (l *loader) fileSetFunc(rootDir string) function.Function {
	c := caps{l.opts.Budget.Limits()}
	return function.New(&function.Spec{
		Params: []function.Parameter{str("path"), str("pattern")},
		Type:   function.StaticReturnType(cty.Set(cty.String)),
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			dir, pattern := args[0].AsString(), args[1].AsString()
			if graph.HasHoles(pattern) || graph.HasHoles(dir) {
				return unknownHoles(ret, "fileset", args...), nil
			}
			if machinePath(dir) {
				return unknownBecause(ret, fmt.Sprintf("fileset(%q, ...) depends on the machine Terraform runs on", dir)), nil
			}
			base, err := l.resolveIn(rootDir, dir)
			if err != nil {
				return cty.NilVal, err
			}
			match, err := globMatcher(pattern)
			if err != nil {
				return cty.NilVal, fmt.Errorf("failed to glob pattern %s: %w", path.Join(dir, pattern), err)
			}
			var found []cty.Value
			err = fs.WalkDir(l.fsys, base, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					if p == base {
						return fs.SkipAll
					}
					return nil
				}
				rel := strings.TrimPrefix(strings.TrimPrefix(p, base), "/")
				if base == "." {
					rel = p
				}
				if d.IsDir() {
					if rel != "" && rel != "." && !match.mayDescend(rel) {
						return fs.SkipDir
					}
					return nil
				}
				if d.Type().IsRegular() && match.matches(rel) {
					found = append(found, cty.StringVal(rel))
					if err := c.elems(int64(len(found))); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return cty.NilVal, err
			}
			if len(found) == 0 {
				return cty.SetValEmpty(cty.String), nil
			}
			sort.Slice(found, func(i, j int) bool { return found[i].AsString() < found[j].AsString() })
			return cty.SetVal(found), nil
		},
	})
}

// pathFuncs are the functions of paths that read no file.
func pathFuncs() map[string]function.Function {
	onPath := func(name string, fn func(string) string) function.Function {
		return function.New(&function.Spec{
			Params: []function.Parameter{str("path")},
			Type:   function.StaticReturnType(cty.String),
			Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
				if graph.HasHoles(args[0].AsString()) {
					return unknownHoles(ret, name, args...), nil
				}
				return cty.StringVal(fn(args[0].AsString())), nil
			},
		})
	}
	return map[string]function.Function{
		"basename": onPath("basename", path.Base),
		"dirname":  onPath("dirname", path.Dir),
		"abspath": unknownFunc([]function.Parameter{str("path")}, cty.String,
			"abspath() depends on where the configuration is on the machine Terraform runs on"),
		"pathexpand": function.New(&function.Spec{
			Params: []function.Parameter{str("path")},
			Type:   function.StaticReturnType(cty.String),
			Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
				p := args[0].AsString()
				if segs := graph.Segments(p); len(segs) > 0 && segs[0].Hole != nil {
					return unknownHoles(ret, "pathexpand", args...), nil
				}
				if p == "~" || strings.HasPrefix(p, "~/") || strings.HasPrefix(p, `~\`) {
					return unknownBecause(ret, "pathexpand() of ~ depends on the home directory of the machine Terraform runs on"), nil
				}
				if strings.HasPrefix(p, "~") {
					return cty.NilVal, fmt.Errorf("cannot expand user-specific home dir")
				}
				return args[0], nil
			},
		}),
	}
}
