package scan

import (
	"io/fs"
	"path/filepath"
	"reflect"
	"testing"
)

// TestListingsAreReadDirs checks that the listings the walk hands to the
// Terraform loader are what fs.ReadDir gives, skipped and excluded entries
// included, for every Terraform dir and for no other.
func TestListingsAreReadDirs(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"a/main.tf":                   "",
		"a/notes.txt":                 "",
		"a/.terraform/modules/x.json": "",
		"a/legacy/old.tf":             "",
		"a/modules/m/main.tf":         "",
		"a/empty/.keep":               "",
		"stack.yaml":                  "",
	})
	symlink(t, "main.tf", filepath.Join(dir, "a", "link.tf"))
	fsys, err := OpenFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	w := &walker{fsys: fsys, opts: Options{Exclude: []string{"a/legacy"}}, tfDirs: map[string]bool{}, seen: map[string]bool{},
		sink: &collector{}, listings: map[string][]fs.DirEntry{}}
	w.walk(".")
	var dirs []string
	for d, got := range w.listings {
		dirs = append(dirs, d)
		want, err := fs.ReadDir(w.fsys, d)
		if err != nil {
			t.Fatal(err)
		}
		if names(got) != names(want) || !reflect.DeepEqual(types(got), types(want)) {
			t.Errorf("%s: listed %s, fs.ReadDir gives %s", d, names(got), names(want))
		}
	}
	if len(dirs) != 2 || len(w.listings["a"]) == 0 || len(w.listings["a/modules/m"]) == 0 {
		t.Errorf("listed dirs %v, want a and a/modules/m", dirs)
	}
}

func names(es []fs.DirEntry) string {
	s := ""
	for _, e := range es {
		s += e.Name() + " "
	}
	return s
}

func types(es []fs.DirEntry) []fs.FileMode {
	var out []fs.FileMode
	for _, e := range es {
		out = append(out, e.Type())
	}
	return out
}
