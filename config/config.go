// Package config reads .trailint.yaml, the settings a repository keeps
// beside its code: rules to turn off or re-level, the default region, paths
// to skip, and the Terraform variables and CloudFormation parameters of a
// scan. Flags on the command line win over it.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/scan"
)

// Names are the file names looked for in the scan root, in this order.
// Only the scan root is searched: trailint never reads outside the tree it
// scans, so a parent directory's settings cannot leak into a scan.
var Names = []string{".trailint.yaml", ".trailint.yml"}

// Config is a loaded settings file. Paths in it are slash paths relative to
// the scan root (the file's own directory joined in), checked to stay inside
// it.
type Config struct {
	// File is where the settings came from, relative to the scan root.
	File string
	// Disable lists rule ids that are not run, in file order.
	Disable []string
	// Severity re-levels rules.
	Severity map[string]analyzers.Severity
	Region   string
	// FailOn is error, warning, note or never; empty when not set.
	FailOn string
	// Exclude holds path patterns in scan.Options.Exclude's syntax.
	Exclude        []string
	Terraform      Terraform
	CloudFormation CloudFormation
}

// Terraform holds the variables of Terraform modules.
type Terraform struct {
	VarFiles []string
	// Vars hold values as --var takes them: a scalar's text, a list or map
	// as JSON (which is also HCL).
	Vars map[string]string
}

// CloudFormation holds the parameters of templates.
type CloudFormation struct {
	ParameterFiles []string
	Parameters     map[string]string
	// StackNames are the stack names templates are deployed under.
	StackNames map[string]string
}

// Disabled reports whether the rule id is turned off.
func (c *Config) Disabled(id string) bool {
	if c == nil {
		return false
	}
	for _, d := range c.Disable {
		if d == id {
			return true
		}
	}
	return false
}

// Find returns the name of the settings file in the root of fsys, or ""
// when there is none. Two files of different names are an error: which one
// wins would be a guess.
func Find(fsys fs.FS) (string, error) {
	var found []string
	for _, n := range Names {
		info, err := fs.Stat(fsys, n)
		switch {
		case err == nil && !info.IsDir():
			found = append(found, n)
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return "", fmt.Errorf("%s: %w", n, unwrapPath(err))
		}
	}
	switch len(found) {
	case 0:
		return "", nil
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("both %s and %s exist; keep one", found[0], found[1])
}

// Load reads the settings file name (a slash path relative to the root of
// fsys) with the guards of the files a scan reads: it must be a regular
// file of at most maxSize bytes (no limit when 0), checked on the opened
// file. fsys must open without blocking, as a scan.FS does, so that a
// named pipe is refused rather than waited on.
func Load(fsys fs.FS, name string, maxSize int64) (*Config, error) {
	data, err := scan.ReadFile(fsys, name, maxSize)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, unwrapPath(err))
	}
	return Parse(name, data)
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// inside joins p to dir and refuses what leaves the scan root.
func inside(dir, p string) (string, error) {
	if p == "" {
		return "", errors.New("empty path")
	}
	if strings.HasPrefix(p, "/") || (len(p) >= 2 && p[1] == ':') {
		return "", fmt.Errorf("%s is absolute; write it relative to the settings file", p)
	}
	j := path.Join(dir, p)
	if j == ".." || strings.HasPrefix(j, "../") {
		return "", fmt.Errorf("%s is outside the scan root", p)
	}
	return j, nil
}
