// Package terraform loads Terraform configurations into the resource graph.
// It evaluates them as Terraform would at plan time, as far as that is
// possible without providers, state or network: every value handed to the
// graph is known, partly known (a string with holes) or unknown, never a
// guess.
package terraform

import (
	"encoding/json"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/trailint/trailint/graph"
	"github.com/zclconf/go-cty/cty/function"
)

// Options are the command-line inputs of a Terraform load.
type Options struct {
	Region      string            // region of provider configurations that name none
	Vars        map[string]string // --var name=value
	VarFiles    []string          // --var-file paths relative to the fsys root
	MaxFileSize int64             // 0 means 10 MiB; larger files are skipped with a diagnostic
}

const (
	defaultMaxFileSize = 10 << 20
	maxModuleDepth     = 20
)

type loader struct {
	fsys          fs.FS
	opts          Options
	maxSize       int64
	graph         *graph.Graph
	sources       map[string][]byte
	unreadable    map[string][]byte
	files         map[string]bool
	parsed        map[string]*file
	modules       map[string]*module
	names         map[string]bool
	funcs         map[string]map[string]function.Function
	templates     map[string]hclsyntax.Expression
	templateDepth int
	manifests     map[string]map[string]string
	diagSeen      map[graph.Diagnostic]bool
	docs          map[string]*inst
}

// Load evaluates the Terraform configurations found in dirs (slash paths
// relative to the fsys root, "." for the root). A dir that another dir of the
// set calls as a local module is not a root; every other dir is a root
// module.
func Load(fsys fs.FS, dirs []string, opts Options) *graph.Graph {
	l := &loader{
		fsys: fsys, opts: opts, maxSize: opts.MaxFileSize,
		graph:   &graph.Graph{Sources: map[string][]byte{}},
		sources: map[string][]byte{}, unreadable: map[string][]byte{},
		files: map[string]bool{}, parsed: map[string]*file{}, modules: map[string]*module{},
		names: map[string]bool{}, funcs: map[string]map[string]function.Function{},
		templates: map[string]hclsyntax.Expression{}, manifests: map[string]map[string]string{},
		diagSeen: map[graph.Diagnostic]bool{}, docs: map[string]*inst{},
	}
	if l.maxSize <= 0 {
		l.maxSize = defaultMaxFileSize
	}
	for _, n := range []string{"arn", "id", "key_id", "name", "bucket", "json", "minified_json",
		"account_id", "user_id", "region", "partition", "dns_suffix", "target_key_id"} {
		l.names[n] = true
	}
	set := map[string]bool{}
	var clean []string
	for _, d := range dirs {
		d = path.Clean(d)
		if !set[d] {
			set[d] = true
			clean = append(clean, d)
		}
	}
	sort.Strings(clean)
	// Parse every dir first, so that attribute names used anywhere are known
	// before any resource value is built, and local calls between dirs of
	// the set decide which are roots.
	called := map[string]bool{}
	for _, d := range clean {
		m := l.module(d)
		for _, c := range m.calls {
			if t := path.Join(d, c.source); isLocalSource(c.source) && t != d {
				called[t] = true
			}
		}
	}
	for _, d := range clean {
		l.preload(d, 0, map[string]bool{})
	}
	for _, d := range clean {
		if called[d] {
			continue
		}
		l.loadRoot(d)
	}
	for f := range l.files {
		l.graph.Files = append(l.graph.Files, f)
	}
	for f, b := range l.sources {
		if l.files[f] {
			l.graph.Sources[f] = b
		}
	}
	sort.Slice(l.graph.Ignores, func(i, j int) bool {
		a, b := l.graph.Ignores[i], l.graph.Ignores[j]
		if a.At != b.At {
			return a.At.Less(b.At)
		}
		return a.Rule < b.Rule
	})
	l.graph.Sort()
	return l.graph
}

// preload parses the local modules that dir calls, recursively, so that
// their attribute names are known before evaluation starts.
func (l *loader) preload(dir string, depth int, seen map[string]bool) {
	if depth > maxModuleDepth || seen[dir] {
		return
	}
	seen[dir] = true
	for _, c := range l.module(dir).calls {
		if isLocalSource(c.source) {
			if d, err := resolve(dir, c.source); err == nil {
				l.preload(d, depth+1, seen)
			}
		}
	}
}

func isLocalSource(s string) bool {
	return strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || s == "." || s == ".."
}

// manifest reads .terraform/modules/modules.json of a root: call key → dir.
func (l *loader) manifest(rootDir string) map[string]string {
	if m, ok := l.manifests[rootDir]; ok {
		return m
	}
	m := map[string]string{}
	l.manifests[rootDir] = m
	b, err := fs.ReadFile(l.fsys, path.Join(rootDir, ".terraform/modules/modules.json"))
	if err != nil || int64(len(b)) > l.maxSize {
		return m
	}
	var doc struct {
		Modules []struct{ Key, Dir string }
	}
	if json.Unmarshal(b, &doc) != nil {
		return m
	}
	for _, e := range doc.Modules {
		if e.Key != "" && e.Dir != "" {
			if d, err := resolve(rootDir, e.Dir); err == nil {
				m[e.Key] = d
			}
		}
	}
	return m
}

// diag records a diagnostic once.
func (l *loader) diag(sev graph.Severity, summary, detail string, r hcl.Range) {
	d := graph.Diagnostic{Severity: sev, Summary: summary, Detail: detail, Range: l.rng(r)}
	if l.diagSeen[d] {
		return
	}
	l.diagSeen[d] = true
	l.graph.Diagnostics = append(l.graph.Diagnostics, d)
}

// hclDiags records hcl diagnostics; errors get sev, warnings stay warnings.
func (l *loader) hclDiags(diags hcl.Diagnostics, sev graph.Severity) {
	for _, d := range diags {
		s := sev
		if d.Severity == hcl.DiagWarning {
			s = graph.SevWarning
		}
		var r hcl.Range
		if d.Subject != nil {
			r = *d.Subject
		}
		l.diag(s, d.Summary, d.Detail, r)
	}
}
