//go:build unix

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
)

// TestSettingsFileGuards gives trailint a settings file that is a named
// pipe (reading it would wait for a writer for ever) and one of 3 GB with
// nothing in it (reading it would take 3 GB): both are refused, as a
// scanned file would be, before anything is read.
func TestSettingsFileGuards(t *testing.T) {
	for _, c := range []struct {
		name string
		make func(path string) error
		args []string
		want string
	}{
		{".trailint.yaml", func(p string) error { return syscall.Mkfifo(p, 0o644) }, nil,
			".trailint.yaml: not a regular file"},
		{"pipe.yaml", func(p string) error { return syscall.Mkfifo(p, 0o644) }, []string{"--config", "pipe.yaml"},
			"pipe.yaml: not a regular file"},
		{".trailint.yaml", func(p string) error {
			f, err := os.Create(p)
			if err != nil {
				return err
			}
			defer func() { _ = f.Close() }()
			return f.Truncate(3 << 30)
		}, nil, ".trailint.yaml: file is 3221225472 bytes, over the limit of 10485760"},
	} {
		t.Run(c.name+" "+c.want, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"main.tf": trailWithoutKey})
			if err := c.make(filepath.Join(dir, c.name)); err != nil {
				t.Skipf("cannot make it: %v", err)
			}
			t.Chdir(dir)
			var errs bytes.Buffer
			code := run(c.args, &bytes.Buffer{}, &errs)
			want := "trailint: " + c.want + "\nRun 'trailint --help' for usage.\n"
			if code != exitUsage || errs.String() != want {
				t.Errorf("exit %d, stderr %q; want %d, %q", code, errs.String(), exitUsage, want)
			}
		})
	}
}

// TestQuotedSkipsNamedPipes quotes a file that has become a named pipe
// since it was loaded: it is opened without waiting and, not being a
// regular file, not read.
func TestQuotedSkipsNamedPipes(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.tf": "a\n"})
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.tf"), 0o644); err != nil {
		t.Skipf("cannot make named pipes: %v", err)
	}
	diags := []analyzers.Diagnostic{{Range: graph.Range{File: "a.tf"}}, {Range: graph.Range{File: "pipe.tf"}}}
	if got := quoted("text", dir, 0, diags, nil); len(got) != 1 || string(got["a.tf"]) != "a\n" {
		t.Errorf("read %q, want a.tf alone", got)
	}
}
