// Package cloudformation loads CloudFormation templates (YAML and JSON) into
// the resource graph: templates become positioned node trees, intrinsic
// functions are evaluated as CloudFormation would at deploy time (with holes
// where only the deployment knows), and the resources trailint checks are
// added with their properties, edges and in-source ignores.
package cloudformation

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
	"github.com/trailint/trailint/internal/pool"
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
	// CheckParameters are the Parameters to warn about when no template
	// declares them, and CheckParameterFiles the parameter files whose
	// entries are.
	CheckParameters     []string
	CheckParameterFiles []string
	// StackNames are the names templates are deployed under (--stack-name),
	// by template path: AWS::StackName is known for them, so exports named
	// "${AWS::StackName}-KeyArn" resolve.
	StackNames map[string]string
	// MaxFileSize bounds the files read; 0 means 10 MiB.
	MaxFileSize int64
	// Budget is the run's; nil means one with the default limits.
	Budget *budget.Run
}

const defaultMaxFileSize = 10 << 20

// loader holds one Load, or one unit of its work on a single template.
type loader struct {
	fsys      fs.FS
	opts      Options
	g         *graph.Graph
	partition string
	urlSuffix string

	templates map[string]*template // by path; nil when the file is not a template
	read      map[string]bool
	// unreadable holds why the nested templates that cannot be read
	// cannot.
	unreadable map[string]error
	// notTemplate lists files read that are not templates.
	notTemplate map[string]bool
	// listed are the files whose reading the first pass already reported:
	// reading them again adds neither diagnostics nor entries to Files.
	listed    map[string]bool
	cliParams map[string]*graph.Value
	stacks    []*stack
	nested    map[string]int // times a template was instantiated as nested
	instances map[string]int // times a template was instantiated
	rooted    map[string]bool
	// skipped holds the templates some nesting of which was not evaluated:
	// its condition is false, or it is in a cycle or too deep.
	skipped  map[string]bool
	nestedBy map[string]bool
	// works are the budgets of the units evaluated, closed when done.
	works   []*work
	order   int // the place of the root stack being instantiated
	exports map[string]*export
	unnamed *[]string // see unnamedExporters
	// exportsReady is false until every export name is known; values that
	// could hold an import are not cached before.
	exportsReady bool
	// frozen is set once every export is settled: imports then only read
	// them, and leaves are evaluated side by side.
	frozen bool
	// context maps the ID of a resource an export refers to, to it and
	// what it refers to in turn: the context of the units that import it.
	context   map[string][]*graph.Resource
	contextMu sync.Mutex
	// declared are the parameters given that some template declares.
	declared map[string]bool
	quiet    bool // suppress diagnostics during the planning pre-pass
	depth    int
	diags    []graph.Diagnostic
	seenDiag map[graph.Diagnostic]bool
	place    *place
}

// export is an Output with an Export Name. An export of a template
// evaluated on its own carries its value, computed in the first pass, and
// the diagnostics that computing it gave, reported when it is imported.
type export struct {
	stack *stack
	out   *node
	value *graph.Value
	diags []graph.Diagnostic
	done  bool
	busy  bool
}

func newLoader(fsys fs.FS, opts Options) *loader {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = defaultMaxFileSize
	}
	l := &loader{fsys: fsys, opts: opts, g: &graph.Graph{},
		templates: map[string]*template{}, read: map[string]bool{}, unreadable: map[string]error{}, notTemplate: map[string]bool{}, listed: map[string]bool{},
		cliParams: map[string]*graph.Value{}, nested: map[string]int{}, nestedBy: map[string]bool{},
		instances: map[string]int{}, rooted: map[string]bool{}, skipped: map[string]bool{},
		exports: map[string]*export{}, seenDiag: map[graph.Diagnostic]bool{}, context: map[string][]*graph.Resource{},
		declared: map[string]bool{}}
	l.partition, l.urlSuffix = partitionOf(opts.Region)
	if opts.Partition != "" {
		l.partition = opts.Partition
	}
	l.place = newPlace(l.partition, opts.Region)
	return l
}

// newWork starts the budget of a unit of this loader's work.
func (l *loader) newWork() *work {
	w := newWork(l.opts.Budget)
	l.works = append(l.works, w)
	return w
}

// closeWorks records what the loader's units used.
func (l *loader) closeWorks() {
	for _, w := range l.works {
		w.unit.Close()
	}
	l.works = nil
}

// unit returns a loader for the work on one template, sharing l's settings.
// The parameter values are copied, so that units on other goroutines never
// share a value.
func (l *loader) unit() *loader {
	u := newLoader(l.fsys, l.opts)
	u.place = l.place
	for k, v := range l.cliParams {
		c := *v
		u.cliParams[k] = &c
	}
	return u
}

// Load reads the candidate files (slash paths relative to the fsys root:
// .yaml .yml .json .template), keeps the CloudFormation templates among them
// and returns their resources as one graph. See Stream.
func Load(fsys fs.FS, files []string, opts Options) *graph.Graph {
	var c graph.Collector
	Stream(fsys, files, opts, &c)
	return c.Graph()
}

// Stream reads the candidate files and hands each template to sink as soon
// as it is evaluated. Files that are not templates are skipped silently;
// templates that do not parse become diagnostics with position.
//
// Templates are parsed and evaluated one at a time on every core, and only
// their exports are kept: memory follows the templates being evaluated, not
// the tree. Templates that import values and that no other template needs
// (they nest no stack and export nothing) are parsed again and evaluated one
// at a time once every export is known. Templates that nest stacks, or
// import and export values, are kept and evaluated together, and handed
// over as one unit.
func Stream(fsys fs.FS, files []string, opts Options, sink graph.Sink) {
	l := newLoader(fsys, opts)
	l.readParameters()
	files = slices.Clone(files)
	sort.Strings(files)
	files = slices.Compact(files)
	files = slices.DeleteFunc(files, func(f string) bool { return !candidate(f) })
	results := make([]fileResult, len(files))
	pool.Each(len(files), func(i int) {
		f := files[i]
		results[i] = l.first(f)
		if own := results[i].own; own != nil {
			g := own.unit()
			shared := own.shared()
			l.share(g, shared, false)
			sink.Unit(graph.Unit{ID: unitID(f), Graph: g, Shared: shared, Reload: func() *graph.Graph {
				if own := l.first(f).own; own != nil {
					return own.g
				}
				return nil
			}})
			own.g, own.diags = nil, nil
		}
	})
	l.second(files, results)
	for _, r := range results {
		// Evaluated through a parent, and on its own too if some nesting
		// of it is not evaluated.
		if r.own != nil && l.nested[r.file] > 0 {
			sink.Drop(unitID(r.file))
		}
	}
	leaves := l.leaves(results)
	if len(leaves) > 0 {
		l.settle()
	}
	// What the exports of templates evaluated together refer to.
	var shared []string
	for _, e := range l.exports {
		for _, ref := range e.value.AllRefs() {
			shared = append(shared, ref.ID)
		}
	}
	l.share(l.g, shared, true)
	pool.Each(len(leaves), func(i int) {
		f := leaves[i]
		g := l.leaf(f)
		sink.Unit(graph.Unit{ID: unitID(f), Graph: g, Context: l.contextOf(g), Reload: func() *graph.Graph {
			// Evaluated again for a second look, which needs what it
			// imports as much as the first.
			g := l.leaf(f)
			for _, r := range l.contextOf(g) {
				g.Add(r)
			}
			return g
		}})
	})
	l.undeclared()
	l.closeWorks()
	g := l.finish(results)
	sink.Unit(graph.Unit{ID: "cloudformation", Graph: g, Context: l.contextOf(g)})
}

// unitID names the unit of a template evaluated alone.
func unitID(file string) string { return "cloudformation:" + file }

// candidate reports whether a file name may hold a template.
func candidate(f string) bool {
	switch strings.ToLower(path.Ext(f)) {
	case ".yaml", ".yml", ".json", ".template":
		return true
	}
	return false
}

// diag records a diagnostic once, unless the loader is planning.
func (l *loader) diag(sev graph.Severity, class graph.Class, r graph.Range, summary, detail string) {
	l.add(graph.Diagnostic{Severity: sev, Class: class, Summary: summary, Detail: detail, Range: r})
}

func (l *loader) add(d graph.Diagnostic) {
	if l.quiet || l.seenDiag[d] {
		return
	}
	l.seenDiag[d] = true
	l.diags = append(l.diags, d)
}

// template reads and parses a file once. nested is set when a nested
// stack names it: why it cannot be read is then said at each nesting.
func (l *loader) template(f string, nested bool) *template {
	if l.read[f] {
		return l.templates[f]
	}
	l.read[f] = true
	data, ok := l.readFile(f, func(err error) {
		switch {
		case nested:
			l.unreadable[f] = err
		case !errors.Is(err, fs.ErrNotExist):
			// A file the walk found but cannot open (no permission, a
			// looping link) may be a template: say that it was not read.
			l.diag(graph.SevWarning, graph.ClassFile, graph.Range{File: f}, "cannot read "+f, err.Error())
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
	if t.root != nil {
		t.diags = append(t.diags, l.paramProblems(t)...)
	}
	l.templates[f] = t
	if !l.listed[f] {
		l.g.Files = append(l.g.Files, f)
	}
	quiet := l.quiet
	l.quiet = false // parse errors do not depend on how the template is reached
	for _, d := range t.diags {
		l.add(d)
	}
	l.quiet = quiet
	if t.root == nil {
		return nil // did not parse: reported, nothing to evaluate
	}
	return t
}

// errOutside is why a path that climbs out of the scan root is not read.
var errOutside = errors.New("the path is outside the scanned directory")

// readFile reads a file within the size bound. An oversized file is an
// error when its head looks like a template, as an oversized Terraform file
// is, and skipped without a word otherwise: large YAML and JSON files are
// mostly data. A file that cannot be opened is passed to unreadable, which
// knows how the file was reached.
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
		if sniffTemplate(head[:n]) {
			l.diag(graph.SevError, graph.ClassFile, fileStart(f),
				fmt.Sprintf("file is too large to analyse (%d bytes, limit %d)", info.Size(), l.opts.MaxFileSize),
				"the template is not analysed; --max-file-size raises the limit")
		}
		return nil, false
	}
	// Read into a buffer of the file's size, not one grown by doubling.
	var buf bytes.Buffer
	buf.Grow(int(info.Size()) + bytes.MinRead)
	_, err = buf.ReadFrom(io.LimitReader(file, l.opts.MaxFileSize+1))
	if err != nil || int64(buf.Len()) > l.opts.MaxFileSize {
		return nil, false
	}
	return buf.Bytes(), true
}
