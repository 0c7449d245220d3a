package scan

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestFSReachesTheRepository checks the file system of a scan in a
// subdirectory of a repository: names climb above the scan root with
// "../" as far as the repository root (the nearest directory with a .git
// entry), and no further; links and absolute paths out of the repository
// are refused as os.Root refuses them; errors name the file as the caller
// did.
func TestFSReachesTheRepository(t *testing.T) {
	base := t.TempDir()
	repo := filepath.Join(base, "repo")
	writeTree(t, base, map[string]string{
		"secret.txt":                     secret,
		"repo/.git/HEAD":                 "ref: refs/heads/main\n",
		"repo/main.tf":                   "# the repository's module\n",
		"repo/modules/x/main.tf":         "# module x\n",
		"repo/examples/complete/main.tf": "# the example\n",
	})
	symlink(t, "../../../secret.txt", filepath.Join(repo, "examples", "complete", "out.txt"))
	symlink(t, "../../modules/x/main.tf", filepath.Join(repo, "examples", "complete", "in.tf"))

	fsys, err := OpenFS(filepath.Join(repo, "examples", "complete"))
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	if fsys.Repo != repo || fsys.Above != 2 {
		t.Errorf("repository %s, %d above; want %s, 2", fsys.Repo, fsys.Above, repo)
	}
	for _, c := range []struct{ name, want string }{
		{"main.tf", "# the example\n"},
		{"../../main.tf", "# the repository's module\n"},
		{"../../modules/x/main.tf", "# module x\n"},
		{"../main.tf", "openat ../main.tf: no such file or directory"},
		{"in.tf", "# module x\n"},
		{"../../../secret.txt", "open ../../../secret.txt: invalid argument"},
		{"out.txt", "openat out.txt: path escapes from parent"},
		{"../../modules/../main.tf", "open ../../modules/../main.tf: invalid argument"},
		{filepath.ToSlash(filepath.Join(base, "secret.txt")), "open " + filepath.ToSlash(filepath.Join(base, "secret.txt")) + ": invalid argument"},
	} {
		b, err := fs.ReadFile(fsys, c.name)
		got := string(b)
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("ReadFile(%q) = %q, want %q", c.name, got, c.want)
		}
	}
	es, err := fs.ReadDir(fsys, "../..")
	if err != nil || names(es) != ".git examples main.tf modules " {
		t.Errorf("ReadDir(../..) = %q, %v", names(es), err)
	}
	if info, err := fs.Stat(fsys, "../../modules/x"); err != nil || !info.IsDir() {
		t.Errorf("Stat(../../modules/x) = %v, %v", info, err)
	}
	if _, err := fs.Stat(fsys, "../../.."); err == nil || !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("Stat(../../..) = %v, want invalid", err)
	}
}

// TestRepositoryRoot checks which directory is the boundary: the nearest
// one at or above the scan root with a .git entry, a directory or the file
// a worktree has; else the scan root.
func TestRepositoryRoot(t *testing.T) {
	base := t.TempDir()
	writeTree(t, base, map[string]string{
		"repo/.git/HEAD":          "",
		"repo/a/b/main.tf":        "",
		"repo/sub/.git":           "gitdir: ../.git/modules/sub\n",
		"repo/sub/c/main.tf":      "",
		"plain/d/main.tf":         "",
		"repo/.gitignore":         "",
		"repo/a/.github/x.yaml":   "",
		"plain/d/.gitmodules":     "",
		"plain/d/.git-blame-skip": "",
	})
	for _, c := range []struct {
		dir, repo string
		above     int
	}{
		{"repo", "repo", 0},
		{"repo/a/b", "repo", 2},
		{"repo/sub/c", "repo/sub", 1},
		{"repo/sub", "repo/sub", 0},
		{"plain/d", "plain/d", 0},
	} {
		dir := filepath.Join(base, filepath.FromSlash(c.dir))
		repo, above := repository(dir)
		if rel, _ := filepath.Rel(base, repo); filepath.ToSlash(rel) != c.repo || above != c.above {
			t.Errorf("repository(%s) = %s, %d; want %s, %d", c.dir, rel, above, c.repo, c.above)
		}
	}
}

// TestWalkStaysInTheScanRoot checks that a scan in a subdirectory of a
// repository walks only that subdirectory: files above it are read only
// when a loader asks for them.
func TestWalkStaysInTheScanRoot(t *testing.T) {
	base := t.TempDir()
	writeTree(t, base, map[string]string{
		".git/HEAD":        "",
		"above.yaml":       goodYAML,
		"above/main.tf":    goodTF,
		"sub/good/main.tf": goodTF,
		"sub/good.yaml":    goodYAML,
	})
	res, err := Run(filepath.Join(base, "sub"), []string{filepath.Join(base, "sub")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := summary(res.Graph); got != goodRes {
		t.Errorf("got:\n%s\nwant:\n%s", got, goodRes)
	}
	if got := strings.Join(res.Graph.Files, " "); got != "good.yaml good/main.tf" {
		t.Errorf("files %s, want good.yaml good/main.tf", got)
	}
}
