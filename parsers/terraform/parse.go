package terraform

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/trailint/trailint/graph"
)

// maxNesting bounds bracket nesting: the hcl parser recurses per level and a
// deep enough file overflows the goroutine stack, which cannot be recovered.
const maxNesting = 256

// parseHook runs before each file is parsed; tests count parses with it.
var parseHook = func(string) {}

// file is one parsed configuration file.
type file struct {
	path string
	body hcl.Body
}

// readFile reads a file of the scan, once, enforcing the size limit. It
// returns nil after recording a diagnostic when the file cannot be used.
func (l *loader) readFile(name string, subject hcl.Range) []byte {
	if src, ok := l.sources[name]; ok {
		return src
	}
	if b, ok := l.unreadable[name]; ok {
		return b
	}
	if src, ok := l.readSmall(name); ok {
		l.sources[name] = src
		l.files[name] = true
		return src
	}
	st, err := fs.Stat(l.fsys, name)
	if err == nil && st.Size() > l.maxSize {
		err = fmt.Errorf("file is %d bytes, over the limit of %d", st.Size(), l.maxSize)
	}
	var src []byte
	if err == nil {
		src, err = fs.ReadFile(l.fsys, name)
	}
	if err != nil {
		l.unreadable[name] = nil
		l.diag(graph.SevError, "Cannot read "+name, err.Error(), subject)
		return nil
	}
	l.sources[name] = src
	l.files[name] = true
	return src
}

// parse parses a .tf, .tf.json, .tfvars or .tfvars.json file, once per load.
func (l *loader) parse(name string) *file {
	if f, ok := l.parsed[name]; ok {
		return f
	}
	if l.shares(name) {
		e, mine := l.shared.get(name)
		if e != nil {
			return l.replay(name, e)
		}
		if mine != nil {
			return l.parseShared(name, mine)
		}
	}
	return l.parseFile(name)
}

// parseShared parses a module file for the cache, recording what parsing
// told the loader, and fills its slot even if parsing panics.
func (l *loader) parseShared(name string, s *slot) *file {
	var e *parsedFile
	defer func() { l.shared.fill(s, e) }()
	f, e := l.parseRecorded(name)
	return f
}

// parseRecorded parses a file for l and returns, besides, what parsing
// told the loader, for another loader to replay; nil when the file could
// not be read.
func (l *loader) parseRecorded(name string) (*file, *parsedFile) {
	nd, ni := len(l.graph.Diagnostics), len(l.graph.Ignores)
	var names []string
	l.noting = &names
	f := l.parseFile(name)
	l.noting = nil
	if _, ok := l.sources[name]; !ok {
		return f, nil // not read: nothing to share
	}
	return f, &parsedFile{
		src:        l.sources[name],
		f:          f,
		diags:      slices.Clone(l.graph.Diagnostics[nd:]),
		ignores:    slices.Clone(l.graph.Ignores[ni:]),
		syntaxErrs: l.syntaxErrs[name],
		names:      names,
	}
}

// parseFile parses a file for l alone.
func (l *loader) parseFile(name string) *file {
	parseHook(name)
	l.parsed[name] = nil
	src := l.readFile(name, hcl.Range{Filename: name, Start: hcl.InitialPos, End: hcl.InitialPos})
	if src == nil {
		return nil
	}
	isJSON := strings.HasSuffix(name, ".json")
	if depth, at := nesting(src, isJSON); depth > maxNesting {
		p := hcl.Pos{Line: 1 + strings.Count(string(src[:at]), "\n"), Byte: at}
		p.Column = 1 + at - (strings.LastIndexByte(string(src[:at]), '\n') + 1)
		l.diag(graph.SevError, "Nesting too deep",
			fmt.Sprintf("brackets nest more than %d levels deep; the file is not analysed", maxNesting),
			hcl.Range{Filename: name, Start: p, End: p})
		return nil
	}
	var hf *hcl.File
	var diags hcl.Diagnostics
	if isJSON {
		hf, diags = hcljson.Parse(src, name)
	} else {
		hf, diags = hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	}
	l.hclDiags(diags)
	for _, d := range diags {
		if d.Severity == hcl.DiagError && d.Subject != nil {
			l.syntaxErrs[name] = append(l.syntaxErrs[name], d.Subject.Start)
		}
	}
	if hf == nil || hf.Body == nil {
		return nil
	}
	f := &file{path: name, body: hf.Body}
	if sb, ok := hf.Body.(*hclsyntax.Body); ok {
		l.prepare(sb)
		l.scanIgnores(name, src, sb)
	}
	l.parsed[name] = f
	return f
}

// nesting returns the deepest bracket nesting of src, and where it first
// exceeds maxNesting, skipping strings and comments roughly; over-counting is safe.
func nesting(src []byte, isJSON bool) (depth, at int) {
	cur, base := 0, 0
	inStr := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		if inStr {
			switch c {
			case '\\':
				i++
			case '"':
				inStr = false
			case '{', '(', '[':
				// Interpolations nest inside strings; count them, but never
				// let a string close more than it opened.
				cur++
			case '}', ')', ']':
				if cur > base {
					cur--
				}
			}
		} else {
			switch c {
			case '"':
				inStr, base = true, cur
			case '#':
				if !isJSON {
					for i < len(src) && src[i] != '\n' {
						i++
					}
				}
			case '{', '(', '[':
				cur++
			case '}', ')', ']':
				cur--
			}
		}
		if cur > depth {
			if depth <= maxNesting {
				at = i
			}
			depth = cur
		}
	}
	return depth, at
}

// prepare makes equality hole-aware and records attribute names used in
// traversals, once per parsed file.
func (l *loader) prepare(body *hclsyntax.Body) {
	prepareSyntax(body, l.noteNames)
}

func (l *loader) noteNames(t hcl.Traversal) {
	for _, step := range t {
		if a, ok := step.(hcl.TraverseAttr); ok {
			l.names[a.Name] = true
			if l.noting != nil {
				*l.noting = append(*l.noting, a.Name)
			}
		}
	}
}

// scanIgnores records `trailint:ignore` comments. Every comment line of
// the block of comments directly above a block or an attribute applies to
// it; an ignore that is above nothing still counts, so that it is reported
// as matching no finding rather than dropped.
func (l *loader) scanIgnores(name string, src []byte, body *hclsyntax.Body) {
	if !bytes.Contains(src, []byte(graph.IgnoreMarker)) {
		return
	}
	targets := map[int]hcl.Range{}
	_ = hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
		var r hcl.Range
		switch n := n.(type) {
		case *hclsyntax.Block:
			r = n.Range()
		case *hclsyntax.Attribute:
			r = n.SrcRange
		default:
			return nil
		}
		if _, seen := targets[r.Start.Line]; !seen {
			targets[r.Start.Line] = r
		}
		return nil
	})
	lines := strings.SplitAfter(string(src), "\n")
	starts := make([]int, len(lines))
	for i, off := 0, 0; i < len(lines); i++ {
		starts[i] = off
		off += len(lines[i])
	}
	for i, line := range lines {
		text := strings.TrimRight(line, "\r\n")
		c, isComment := lineComment(text)
		if !isComment {
			continue
		}
		ids, reason, ok := graph.ParseIgnore(c)
		if !ok {
			continue
		}
		indent := len(text) - len(strings.TrimLeft(text, " \t"))
		at := hcl.Range{Filename: name,
			Start: hcl.Pos{Line: i + 1, Column: indent + 1, Byte: starts[i] + indent},
			End:   hcl.Pos{Line: i + 1, Column: indent + 1, Byte: starts[i] + len(text)}}
		if len(ids) == 0 {
			l.diag(graph.SevWarning, graph.IgnoreWithoutRule, graph.IgnoreWithoutRuleDetail, at)
			continue
		}
		j := i + 1
		for j < len(lines) {
			if _, ok := lineComment(strings.TrimRight(lines[j], "\r\n")); !ok {
				break
			}
			j++
		}
		target := targets[j+1]
		for _, rule := range ids {
			ig := graph.Ignore{Rule: rule, Reason: reason, At: l.rng(at)}
			if target.Filename != "" {
				ig.Covers = l.rng(target)
			}
			l.graph.Ignores = append(l.graph.Ignores, ig)
		}
	}
}

// lineComment returns the text of a line that is a whole comment, after
// its marker.
func lineComment(line string) (string, bool) {
	t := strings.TrimLeft(line, " \t")
	if c, ok := strings.CutPrefix(t, "#"); ok {
		return c, true
	}
	if c, ok := strings.CutPrefix(t, "//"); ok {
		return c, true
	}
	return "", false
}

// configFiles lists the .tf and .tf.json files of dir, sorted.
func (l *loader) configFiles(dir string) []string {
	entries, err := l.readDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !(strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json")) {
			continue
		}
		out = append(out, path.Join(dir, n))
	}
	sort.Strings(out)
	return out
}

// partlyParsed reports whether a syntax error lies inside r: the block was
// read only in part and may lack the very attribute a rule asks about, so
// reporting on it would cry wolf; its syntax error stands for it.
func (l *loader) partlyParsed(r hcl.Range) bool {
	for _, p := range l.syntaxErrs[r.Filename] {
		if p.Byte >= r.Start.Byte && p.Byte <= r.End.Byte {
			return true
		}
	}
	return false
}
