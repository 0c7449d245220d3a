package main

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// scanRoot is the directory output paths are relative to: the working
// directory when every path lies in it (a repository checkout, where GitHub
// expects paths from the repository root), else the one directory named.
func scanRoot(paths []string) (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	inside := true
	for _, p := range paths {
		ap, err := filepath.Abs(p)
		if err != nil {
			return "", err
		}
		if !within(wd, ap) {
			inside = false
		}
	}
	if inside {
		return wd, nil
	}
	if len(paths) != 1 {
		return "", fmt.Errorf("paths outside the working directory must be named one at a time")
	}
	ap, _ := filepath.Abs(paths[0])
	if info, err := os.Stat(ap); err == nil && !info.IsDir() {
		return filepath.Dir(ap), nil
	}
	return ap, nil
}

func within(root, abs string) bool {
	rel, err := filepath.Rel(root, abs)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// relAll turns command-line paths into slash paths relative to root, and
// refuses any outside it.
func relAll(root string, files []string) ([]string, error) {
	var out []string
	for _, f := range files {
		ap, err := filepath.Abs(f)
		if err != nil {
			return nil, err
		}
		if !within(root, ap) {
			return nil, fmt.Errorf("%s is outside the scan root %s", f, root)
		}
		rel, _ := filepath.Rel(root, ap)
		out = append(out, filepath.ToSlash(rel))
	}
	return out, nil
}

// withoutExcluded drops the named files that an exclude pattern covers:
// pre-commit passes every changed file, and the settings file's excludes
// must hold for those as they do for a walked tree. Directories are kept;
// the walk applies the patterns inside them.
func withoutExcluded(root string, paths, patterns []string) []string {
	if len(patterns) == 0 {
		return paths
	}
	var out []string
	for _, p := range paths {
		rel, err := relAll(root, []string{p})
		if err == nil {
			if info, err := os.Stat(p); err == nil && !info.IsDir() && excluded(rel[0], patterns) {
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// excluded matches p and each of its parent directories against the
// patterns, as the scan's walk does.
func excluded(p string, patterns []string) bool {
	for _, pat := range patterns {
		pat = strings.TrimSuffix(pat, "/")
		for q := p; q != "." && q != "/" && q != ""; q = path.Dir(q) {
			if ok, _ := path.Match(pat, q); ok {
				return true
			}
		}
	}
	return false
}

func keyValues(flag string, kvs []string) (map[string]string, error) {
	if len(kvs) == 0 {
		return nil, nil
	}
	m := map[string]string{}
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("%s %q: want NAME=VALUE", flag, kv)
		}
		m[strings.TrimSpace(k)] = v
	}
	return m, nil
}
