package terraform

import (
	"bytes"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/trailint/trailint/graph"
)

// Only the slice of a configuration that the analysis reads is evaluated:
// the resources of the kinds it knows (trails, keys, policies, aliases,
// buckets and their encryption) and what they refer to. A module call is
// expanded for its own sake only when the module, or one it calls in turn,
// declares such a resource; other calls are expanded only when something
// evaluated reads their outputs.

// relevantCall reports whether the call c of the module in from leads to
// a resource the analysis reads.
func (l *loader) relevantCall(from, rootDir string, keyPath []string, c *callDecl) bool {
	dir, _ := l.callTarget(from, rootDir, keyPath, c)
	if dir == "" {
		// A module only the plan holds brings what it declares from there.
		return l.planHolds("module." + strings.Join(append(append([]string{}, keyPath...), c.name), ".module."))
	}
	if l.opts.Focus != nil && !l.opts.Focus[dir] && !strings.HasPrefix(dir, ".terraform/") && !strings.Contains(dir, "/.terraform/") {
		// Files named alone: only calls that lead to them are expanded
		// for their own sake.
		return false
	}
	path := append(append([]string{}, keyPath...), c.name)
	key := dir + "\x00" + strings.Join(path, ".")
	if r, ok := l.relevance[key]; ok {
		return r
	}
	r := l.reaches(dir, rootDir, path, map[string]bool{})
	l.relevance[key] = r
	return r
}

// reaches reports whether the module in dir, called along keyPath (which
// names the downloaded modules it calls), declares a resource the analysis
// reads or calls, in turn, a module that does. Each module is looked at
// once per question, so cycles of calls end. Modules are parsed only as
// far as needed: a dir whose files never name such a resource type and
// cannot hold a module block is answered from its text.
func (l *loader) reaches(dir, rootDir string, keyPath []string, seen map[string]bool) bool {
	if seen[dir] {
		return false
	}
	seen[dir] = true
	calls := false
	for _, name := range l.configFiles(dir) {
		f := l.facts(name)
		if f.kinds {
			return true
		}
		calls = calls || f.calls
	}
	if !calls {
		return false
	}
	mod := l.module(dir)
	for _, n := range mod.callNames {
		c := mod.calls[n]
		if d, _ := l.callTarget(dir, rootDir, keyPath, c); d != "" &&
			l.reaches(d, rootDir, append(append([]string{}, keyPath...), c.name), seen) {
			return true
		}
	}
	return false
}

// facts returns what a file's text tells, as the first pass learnt it or
// from the file itself.
func (l *loader) facts(name string) fileFacts {
	if l.shared != nil {
		if f, ok := l.shared.fact(name); ok {
			return f
		}
	}
	src := l.readFile(name, hcl.Range{Filename: name, Start: hcl.InitialPos, End: hcl.InitialPos})
	f := factsOf(name, src)
	if l.shared != nil {
		l.shared.setFact(name, f)
	}
	return f
}

// kindPrefixes cover the type names of every resource in kinds: a file
// that holds none of them as text declares none of those resources.
var kindPrefixes = [][]byte{[]byte("aws_cloudtrail"), []byte("aws_kms_"), []byte("aws_s3_bucket")}

func mentionsKinds(src []byte) bool {
	for _, p := range kindPrefixes {
		if bytes.Contains(src, p) {
			return true
		}
	}
	return false
}

// notDownloaded records a call of a module that is neither local nor
// downloaded, for the run's summary.
func (l *loader) notDownloaded(c *callDecl) {
	at := l.rng(c.block.DefRange)
	if l.notMissing[at] {
		return
	}
	if l.missing == nil {
		l.missing = map[graph.Range]string{}
	}
	l.missing[at] = c.source
}

// unneeded records a call whose module is not downloaded but not needed
// either: it has no instance, or the plan holds what it declares.
func (l *loader) unneeded(c *callDecl) {
	at := l.rng(c.block.DefRange)
	if l.notMissing == nil {
		l.notMissing = map[graph.Range]bool{}
	}
	l.notMissing[at] = true
	delete(l.missing, at)
}
