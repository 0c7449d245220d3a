// Package cloudformation loads CloudFormation templates (YAML and JSON) into
// the resource graph: templates become positioned node trees, intrinsic
// functions are evaluated as CloudFormation would at deploy time (with holes
// where only the deployment knows), and the resources trailint checks are
// added with their properties, edges and in-source ignores.
package cloudformation

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/trailint/trailint/graph"
)

// Options are the command line's CloudFormation settings.
type Options struct {
	// Region is the stack region (--region); AWS::Region is a hole without it.
	Region string
	// Partition overrides the partition derived from Region (aws, aws-cn,
	// aws-us-gov).
	Partition string
	// Parameters are --parameter Key=Value values, applied to every template
	// that declares Key.
	Parameters map[string]string
	// ParameterFiles are --parameter-file paths relative to the fsys root, in
	// the CloudFormation CLI form [{"ParameterKey": .., "ParameterValue": ..}].
	ParameterFiles []string
	// MaxFileSize bounds the files read; 0 means 10 MiB.
	MaxFileSize int64
}

const defaultMaxFileSize = 10 << 20

// loader holds one Load.
type loader struct {
	fsys      fs.FS
	opts      Options
	g         *graph.Graph
	partition string
	urlSuffix string

	templates map[string]*template // by path; nil when the file is not a template
	read      map[string]bool
	// notTemplate lists files read that are not templates.
	notTemplate map[string]bool
	cliParams   map[string]*graph.Value
	stacks      []*stack
	nested      map[string]int // times a template was instantiated as nested
	exports     map[string]*export
	// exportsReady is false until every export name is known; values that
	// could hold an import are not cached before.
	exportsReady bool
	quiet        bool // suppress diagnostics during the planning pre-pass
	depth        int
	diags        []graph.Diagnostic
	seenDiag     map[graph.Diagnostic]bool
	used         map[string]bool // files whose text the graph keeps
	sources      map[string][]byte
}

// export is an Output with an Export Name.
type export struct {
	stack *stack
	out   *node
	value *graph.Value
	busy  bool
}

// Load reads the candidate files (slash paths relative to the fsys root:
// .yaml .yml .json .template), keeps the CloudFormation templates among them
// and returns their resources. Files that are not templates are skipped
// silently; templates that do not parse become diagnostics with position.
func Load(fsys fs.FS, files []string, opts Options) *graph.Graph {
	l := &loader{fsys: fsys, opts: opts, g: &graph.Graph{Sources: map[string][]byte{}},
		templates: map[string]*template{}, read: map[string]bool{}, notTemplate: map[string]bool{}, cliParams: map[string]*graph.Value{},
		nested: map[string]int{}, exports: map[string]*export{}, seenDiag: map[graph.Diagnostic]bool{},
		used: map[string]bool{}, sources: map[string][]byte{}}
	if l.opts.MaxFileSize <= 0 {
		l.opts.MaxFileSize = defaultMaxFileSize
	}
	l.partition, l.urlSuffix = partitionOf(opts.Region)
	if opts.Partition != "" {
		l.partition = opts.Partition
	}
	l.readParameters()

	files = append([]string(nil), files...)
	sort.Strings(files)
	var roots []*template
	for _, f := range files {
		if !candidate(f) {
			continue
		}
		l.guard(f, func() {
			if t := l.template(f, graph.Range{}); t != nil {
				roots = append(roots, t)
			}
		})
	}
	l.plan(roots)
	l.collectExports()
	for _, s := range l.stacks {
		l.guard(s.t.file, func() { l.addResources(s) })
	}
	l.finish()
	return l.g
}

// candidate reports whether a file name may hold a template.
func candidate(f string) bool {
	switch strings.ToLower(path.Ext(f)) {
	case ".yaml", ".yml", ".json", ".template":
		return true
	}
	return false
}

func (l *loader) diag(sev graph.Severity, r graph.Range, summary, detail string) {
	if l.quiet {
		return
	}
	d := graph.Diagnostic{Severity: sev, Summary: summary, Detail: detail, Range: r}
	if l.seenDiag[d] {
		return
	}
	l.seenDiag[d] = true
	l.diags = append(l.diags, d)
	if r.File != "" {
		l.used[r.File] = true
	}
}

// template reads and parses a file once. from is where a nested stack names
// it, for diagnostics.
func (l *loader) template(f string, from graph.Range) *template {
	if l.read[f] {
		return l.templates[f]
	}
	l.read[f] = true
	data, ok := l.readFile(f, func(err error) {
		switch {
		case !from.IsZero():
			l.diag(graph.SevError, from, "nested stack template "+f+" cannot be read", err.Error())
		case !errors.Is(err, fs.ErrNotExist):
			// A file the walk found but cannot open (no permission, a
			// looping link) may be a template: say that it was not read.
			l.diag(graph.SevWarning, graph.Range{File: f}, "cannot read "+f, err.Error())
		}
	})
	if !ok {
		return nil
	}
	t := parseTemplate(f, data)
	if t == nil {
		l.notTemplate[f] = true
		return nil
	}
	l.templates[f] = t
	l.sources[f] = data
	l.g.Files = append(l.g.Files, f)
	quiet := l.quiet
	l.quiet = false // parse errors do not depend on how the template is reached
	for _, d := range t.diags {
		l.diag(d.Severity, d.Range, d.Summary, d.Detail)
	}
	l.quiet = quiet
	if t.root == nil {
		return nil // did not parse: reported, nothing to evaluate
	}
	return t
}

// errOutside is why a path that climbs out of the scan root is not read.
var errOutside = errors.New("the path is outside the scanned directory")

// readFile reads a file within the size bound. An oversized file is reported
// when it looks like a template; a file that cannot be opened is passed to
// unreadable, which knows how the file was reached.
func (l *loader) readFile(f string, unreadable func(error)) ([]byte, bool) {
	if !fs.ValidPath(f) {
		unreadable(errOutside)
		return nil, false
	}
	file, err := l.fsys.Open(f)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		unreadable(err)
		return nil, false
	}
	defer func() { _ = file.Close() }()
	info, err := file.Stat()
	if err != nil || info.IsDir() {
		return nil, false
	}
	if info.Size() > l.opts.MaxFileSize {
		head := make([]byte, 64<<10)
		n, _ := io.ReadFull(file, head)
		if looksLikeTemplate(head[:n]) {
			l.diag(graph.SevWarning, graph.Range{File: f, Start: graph.Pos{Line: 1, Column: 1}, End: graph.Pos{Line: 1, Column: 1}},
				fmt.Sprintf("file is too large to analyse (%d bytes, limit %d)", info.Size(), l.opts.MaxFileSize),
				"the file is skipped")
		}
		return nil, false
	}
	data, err := io.ReadAll(io.LimitReader(file, l.opts.MaxFileSize+1))
	if err != nil || int64(len(data)) > l.opts.MaxFileSize {
		return nil, false
	}
	return data, true
}

// finish fills the graph in a deterministic order.
func (l *loader) finish() {
	l.g.Diagnostics = append(l.g.Diagnostics, l.diags...)
	for f := range l.used {
		if src, ok := l.sources[f]; ok {
			l.g.Sources[f] = src
		}
	}
	sort.SliceStable(l.g.Ignores, func(i, j int) bool {
		a, b := l.g.Ignores[i], l.g.Ignores[j]
		if a.At != b.At {
			return a.At.Less(b.At)
		}
		return a.Rule < b.Rule
	})
	l.g.Sort()
}
