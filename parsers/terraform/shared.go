package terraform

import (
	"bytes"
	"path"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/trailint/trailint/graph"
)

// sharedBudget bounds the text of the module files whose syntax trees are
// shared: a tree takes about twenty times the bytes of its text, so 512 KiB
// of modules hold about 10 MB.
const sharedBudget = 512 << 10

// parseCache shares the syntax trees of module files between the roots
// that call them. A file is kept when a second root asks for it, so that a
// module called from one root costs nothing more, and one called from many
// is parsed twice rather than once per root; a root that asks while the
// second parse is under way waits for it. Trees are read-only once
// prepared, so loaders on other goroutines can evaluate them.
type parseCache struct {
	mu     sync.Mutex
	asked  map[string]bool
	slots  map[string]*slot
	budget int
	// declared are the --var names some root module declares.
	declared map[string]bool
	// facts holds what the first pass learnt of each file from its text.
	facts map[string]fileFacts
	// first holds the dirs whose files are shared from the first parse:
	// those two roots or more reach.
	first map[string]bool
	// missing are the calls of modules that are not downloaded, by place,
	// with their sources: said once for the run.
	missing map[graph.Range]string
}

// fileFacts is what a file's text tells without parsing it.
type fileFacts struct {
	kinds bool // it may declare a resource the analysis reads
	trail bool // it may declare a trail or an event data store
	calls bool // it may call a module
	// paths are the relative paths its quoted strings name: among them,
	// the sources of its local module calls.
	paths []string
}

func factsOf(name string, src []byte) fileFacts {
	f := fileFacts{kinds: mentionsKinds(src), trail: bytes.Contains(src, []byte("aws_cloudtrail")), calls: mayCall(name, src)}
	if f.calls {
		f.paths = quotedPaths(src)
	}
	return f
}

// quotedPaths returns the quoted strings of src that are relative paths
// ("./x", "../x", "." or ".."), as written.
func quotedPaths(src []byte) []string {
	var out []string
	for i := 0; i < len(src); i++ {
		if src[i] != '"' || i+1 >= len(src) || src[i+1] != '.' {
			continue
		}
		end := bytes.IndexByte(src[i+1:], '"')
		if end < 0 {
			break
		}
		s := string(src[i+1 : i+1+end])
		if s == "." || s == ".." || strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") {
			out = append(out, s)
		}
		i += end
	}
	return out
}

// fact returns the facts of a file the first pass read.
func (c *parseCache) fact(name string) (fileFacts, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.facts[name]
	return f, ok
}

func (c *parseCache) setFact(name string, f fileFacts) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.facts[name] = f
}

// prefill shares a parse made before any root asked for it.
func (c *parseCache) prefill(name string, e *parsedFile) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.slots[name] != nil || e == nil || len(e.src) > c.budget {
		return
	}
	c.budget -= len(e.src)
	s := &slot{ready: make(chan struct{}), e: e}
	close(s.ready)
	c.slots[name] = s
}

// shareFirst sets the dirs whose files are shared from the first parse.
func (c *parseCache) shareFirst(dirs map[string]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.first = dirs
}

// notDownloaded adds calls of modules that are not downloaded.
func (c *parseCache) notDownloaded(calls map[graph.Range]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for at, src := range calls {
		c.missing[at] = src
	}
}

// declare notes that a root module declares the variable a --var sets.
func (c *parseCache) declare(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.declared[name] = true
}

// slot is the place of one file's tree: e is set, or left nil when the
// file could not be shared, before ready is closed.
type slot struct {
	ready chan struct{}
	e     *parsedFile
}

func newParseCache(budget int) *parseCache {
	return &parseCache{asked: map[string]bool{}, slots: map[string]*slot{}, budget: budget, declared: map[string]bool{},
		missing: map[graph.Range]string{}, facts: map[string]fileFacts{}}
}

// parsedFile is a parsed file with what parsing it told the loader, which a
// loader that takes the tree from the cache records as its own.
type parsedFile struct {
	src        []byte
	f          *file
	diags      []graph.Diagnostic
	ignores    []graph.Ignore
	syntaxErrs []hcl.Pos
	names      []string
}

// get returns the shared parse of name, waiting for it if another loader
// is making it, or nil. When it returns a slot with mine set, the caller
// makes the parse and must fill the slot.
func (c *parseCache) get(name string) (e *parsedFile, mine *slot) {
	c.mu.Lock()
	s := c.slots[name]
	if s == nil {
		if !c.asked[name] && !c.first[path.Dir(name)] || c.budget <= 0 {
			c.asked[name] = true
			c.mu.Unlock()
			return nil, nil
		}
		s = &slot{ready: make(chan struct{})}
		c.slots[name] = s
		c.mu.Unlock()
		return nil, s
	}
	c.mu.Unlock()
	<-s.ready
	return s.e, nil
}

// fill gives a slot its parse, nil when the file is not shared, and wakes
// the loaders waiting for it.
func (c *parseCache) fill(s *slot, e *parsedFile) {
	c.mu.Lock()
	if e != nil && len(e.src) <= c.budget {
		c.budget -= len(e.src)
		s.e = e
	}
	c.mu.Unlock()
	close(s.ready)
}

// shares reports whether name is a file of a module the root being
// evaluated calls: one other roots may call too.
func (l *loader) shares(name string) bool {
	return l.shared != nil && l.root != "" && path.Dir(name) != l.root
}

// replay records a cached parse as if l had parsed the file.
func (l *loader) replay(name string, e *parsedFile) *file {
	l.sources[name] = e.src
	l.files[name] = true
	for _, d := range e.diags {
		if !l.diagSeen[d] {
			l.diagSeen[d] = true
			l.graph.Diagnostics = append(l.graph.Diagnostics, d)
		}
	}
	l.graph.Ignores = append(l.graph.Ignores, e.ignores...)
	if len(e.syntaxErrs) > 0 {
		l.syntaxErrs[name] = e.syntaxErrs
	}
	for _, n := range e.names {
		l.names[n] = true
	}
	l.parsed[name] = e.f
	return e.f
}
