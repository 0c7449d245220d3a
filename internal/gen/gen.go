// Package gen writes deterministic trees of Terraform root modules and
// CloudFormation templates for benchmarks and scale tests. The generator
// knows which trails it left without a key, so a test can assert that
// exactly those are reported.
package gen

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Config sizes a tree.
type Config struct {
	Roots     int    // Terraform root modules, each with a local module
	Templates int    // CloudFormation templates, YAML and JSON alternating
	Seed      uint64 // the same seed gives the same tree, byte for byte
	// NoKeyPercent is the chance, in percent, that a trail gets no key;
	// 0 means 21.
	NoKeyPercent int
	// Links is how many groups of units that name each other to add
	// (LinkDir), cycling through every kind of Link.
	Links int
}

// Finding is a finding the tree must produce: a rule at a position.
type Finding struct {
	Rule   string
	File   string // slash path relative to the tree's root
	Line   int
	Column int
}

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", f.File, f.Line, f.Column, f.Rule)
}

// Tree is a generated tree held in memory.
type Tree struct {
	// Files maps slash paths to contents.
	Files map[string][]byte
	// Want lists the findings the tree must produce, sorted by position;
	// every other trail is fully compliant.
	Want []Finding
	// Trails counts the trails and event data stores generated.
	Trails int
}

// Generate builds a tree in memory.
func Generate(c Config) *Tree {
	if c.NoKeyPercent == 0 {
		c.NoKeyPercent = 21
	}
	t := &Tree{Files: map[string][]byte{}}
	rng := rand.New(rand.NewPCG(c.Seed, 0x7472_6169_6c69_6e74))
	for i := range c.Roots {
		t.terraformRoot(i, rng.IntN(100) < c.NoKeyPercent, rng)
	}
	for i := range c.Templates {
		t.template(i, rng.IntN(100) < c.NoKeyPercent, rng)
	}
	for i := range c.Links {
		t.link(i, Link(i)%links)
	}
	sortWant(t.Want)
	return t
}

// Write writes the tree under dir, creating directories as needed.
func (t *Tree) Write(dir string) error {
	for _, p := range t.Paths() {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, t.Files[p], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Paths lists the files of the tree, sorted.
func (t *Tree) Paths() []string {
	out := make([]string, 0, len(t.Files))
	for p := range t.Files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Size is the total size of the files in bytes.
func (t *Tree) Size() int64 {
	var n int64
	for _, b := range t.Files {
		n += int64(len(b))
	}
	return n
}

// RootDir is the directory of Terraform root i, and TemplateFile the path
// of template i, relative to the tree's root.
func RootDir(i int) string { return fmt.Sprintf("terraform/g%02d/r%04d", i/100, i) }

// TemplateFile is the path of CloudFormation template i.
func TemplateFile(i int) string {
	ext := "yaml"
	if i%3 == 2 {
		ext = "json"
	}
	return fmt.Sprintf("cloudformation/g%02d/s%04d.%s", i/100, i, ext)
}

// want records a finding at the first line of text holding marker, at the
// column where marker starts.
func (t *Tree) want(rule, file, marker string) { t.wantAfter(rule, file, "", marker) }

// wantAfter records a finding at the first marker that follows the first
// occurrence of after.
func (t *Tree) wantAfter(rule, file, after, marker string) {
	text := string(t.Files[file])
	from := strings.Index(text, after)
	at := strings.Index(text[max(from, 0):], marker)
	if from < 0 || at < 0 {
		// Cannot happen for the generator's own text; a zero position
		// makes any test comparing positions fail loudly.
		t.Want = append(t.Want, Finding{Rule: rule, File: file})
		return
	}
	at += from
	line := 1 + strings.Count(text[:at], "\n")
	col := 1 + at - (strings.LastIndexByte(text[:at], '\n') + 1)
	t.Want = append(t.Want, Finding{Rule: rule, File: file, Line: line, Column: col})
}

var regions = []string{"eu-west-1", "us-east-1", "us-west-2", "eu-central-1", "ap-southeast-2"}
