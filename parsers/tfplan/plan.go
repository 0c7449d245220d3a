// Package tfplan reads a Terraform plan in Terraform's JSON output format
// (`terraform show -json PLANFILE`): the values the plan gives every
// resource instance, managed and data, with what it says is known only
// after apply kept unknown and what it says is sensitive marked; the root
// module's variables; and the configuration's module tree with each
// module call's source and each declaration's references. Every value
// keeps its line and column in the plan file.
//
// The Terraform loader uses a plan for what HCL alone leaves unknown
// (data-source results such as account ids and regions, variables set in
// the workspace) and for modules that exist only in the plan (registry
// modules that are not downloaded), whose resources Resources builds as
// graph resources located in the plan file.
package tfplan

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// DefaultMaxBytes is the largest plan file read when Options.MaxBytes is
// 0: a plan of many thousand resources is tens of megabytes.
const DefaultMaxBytes = 256 << 20

// Options are the settings of reading one plan.
type Options struct {
	// Budget is the run's; nil means one with the default limits. The
	// plan is one unit: its values are charged to the unit's bytes of
	// values, its instances to the unit's instances.
	Budget *budget.Run
	// MaxBytes caps the file's size; 0 means DefaultMaxBytes.
	MaxBytes int64
	// Region is the region of providers the plan names none for
	// (--region).
	Region string
	// ID names the graph resource of an instance address, for the IDs of
	// resources and the targets of references; nil means
	// "plan:" + address. The loader passes its own to point references at
	// resources it loaded from HCL.
	ID func(address string) string
}

// Mode tells managed resources from data sources.
type Mode uint8

// Modes of resources.
const (
	Managed Mode = iota
	Data
)

func (m Mode) String() string {
	if m == Data {
		return "data"
	}
	return "managed"
}

// Source says which part of the plan gave an instance's values.
type Source uint8

// Sources of values, in the order they are preferred.
const (
	// FromChange: resource_changes, whose after_unknown tells unknown
	// from absent.
	FromChange Source = iota
	// FromPlanned: planned_values, which leaves out what is unknown.
	FromPlanned
	// FromPrior: prior_state (or the values of a state file), complete:
	// data sources read while planning are only there.
	FromPrior
)

func (s Source) String() string {
	switch s {
	case FromChange:
		return "resource_changes"
	case FromPlanned:
		return "planned_values"
	}
	return "prior_state"
}

// Plan is a plan file read. Its methods remember what they resolve
// (references, provider places): call them from one goroutine at a time.
type Plan struct {
	// File is the plan file's name as ranges give it.
	File             string
	FormatVersion    string
	TerraformVersion string
	// Variables are the root module's variables as the plan was made:
	// set in the workspace, on the command line, or by default.
	Variables map[string]*Variable
	// Instances are the resource instances after the plan, managed and
	// data, by full address (module.a["x"].aws_kms_key.k[0]). Instances
	// the plan deletes are not among them.
	Instances map[string]*Instance
	// Root is the configuration's root module; nil when the plan has no
	// configuration.
	Root *Module
	// Providers are the provider configurations of the configuration by
	// key: "aws", "aws.west", "module.trail:aws".
	Providers map[string]*Provider
	// Diagnostics are the problems of reading the file.
	Diagnostics []graph.Diagnostic

	opts    Options
	modules map[string]*Module // configuration modules by path
	// byResource lists the instances of each resource of each module
	// instance, in address order.
	byResource map[string][]*Instance
	// moduleInsts are the module instances that hold instances, with
	// their ancestors.
	moduleInsts map[string]bool
	refs        *resolver
	place       map[string]*Place
	canon       map[string]string // canonical address -> address
	resources   []*graph.Resource
	byAddr      map[string]*graph.Resource
	src         []byte // the file, while it is read
	w           *work
}

// Variable is a root module variable.
type Variable struct {
	Name      string
	Value     *Value
	NameRange graph.Range
	// Sensitive is set when the configuration declares it sensitive; its
	// Value is marked too.
	Sensitive bool
}

// Instance is one resource instance.
type Instance struct {
	// Address is the full address: module.a["x"].aws_kms_key.k[0].
	Address string
	// Module is the module instance, "" for the root: module.a["x"].
	Module string
	Mode   Mode
	Type   string
	Name   string
	// Key is the count index (a Number) or for_each key (a String); nil
	// for a resource with neither.
	Key *Value
	// ProviderName is the provider's source address:
	// registry.terraform.io/hashicorp/aws.
	ProviderName string
	// Actions are the planned actions (resource_changes), nil when the
	// values come from elsewhere.
	Actions []string
	From    Source
	// Values is the instance's object after the plan. Attributes the plan
	// marks unknown are Unknown with the reason; planned_values leaves
	// them out.
	Values *Value
	// Range is the instance's address where its values are given: where
	// findings on a resource that exists only in the plan are located.
	// Block is the whole object that describes it.
	Range graph.Range
	Block graph.Range
}

// Addresses returns the addresses of the instances, sorted.
func (p *Plan) Addresses() []string {
	out := make([]string, 0, len(p.Instances))
	for a := range p.Instances {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// Instance returns the instance at addr, written as Terraform writes
// addresses or with its keys Go-quoted, as the Terraform loader writes
// them; nil when the plan has none.
func (p *Plan) Instance(addr string) *Instance {
	if in := p.Instances[addr]; in != nil {
		return in
	}
	return p.Instances[p.canon[canonical(addr)]]
}

// Module returns the configuration module at path ("" for the root,
// "module.a.module.b"; instance keys are ignored), or nil.
func (p *Plan) Module(path string) *Module {
	return p.modules[configPath(path)]
}

// Decl returns the configuration's declaration of an instance, or nil.
func (p *Plan) Decl(in *Instance) *Decl {
	m := p.Module(in.Module)
	if m == nil {
		return nil
	}
	return m.decls[resourceKey(in.Mode, in.Type, in.Name)]
}

// maxBytes is the largest plan file read.
func (o Options) maxBytes() int64 {
	if o.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return o.MaxBytes
}

// ReadFile reads the plan file at path; file is its name in ranges.
func ReadFile(path, file string, opts Options) *Plan {
	limit := opts.maxBytes()
	fail := func(summary, detail string) *Plan {
		p := &Plan{File: file}
		p.Diagnostics = append(p.Diagnostics, graph.Diagnostic{Severity: graph.SevError, Class: graph.ClassFile,
			Summary: summary, Detail: detail, Range: fileStart(file)})
		return p
	}
	f, err := os.Open(path)
	if err != nil {
		return fail("plan file cannot be read", errorText(err))
	}
	defer func() { _ = f.Close() }() // read only: nothing is lost if closing fails
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return fail("plan file cannot be read", "it is a directory")
	} else if err == nil && st.Mode().IsRegular() && st.Size() > limit {
		return tooLarge(file, limit)
	}
	// A pipe is read as it comes, within the size cap.
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return fail("plan file cannot be read", errorText(err))
	}
	return Parse(data, file, opts)
}

func errorText(err error) string {
	// The range names the file already.
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}

func tooLarge(file string, limit int64) *Plan {
	return &Plan{File: file, Diagnostics: []graph.Diagnostic{{Severity: graph.SevError, Class: graph.ClassFile,
		Summary: fmt.Sprintf("plan file is over %d bytes", limit),
		Detail:  "trailint does not read it; a plan of the resources to check (terraform plan -target=...) is smaller",
		Range:   fileStart(file)}}}
}

func fileStart(file string) graph.Range {
	return graph.Range{File: file, Start: graph.Pos{Line: 1, Column: 1}, End: graph.Pos{Line: 1, Column: 1}}
}

// The parts of a plan file that are built; the rest is checked for syntax
// only: before values, drift, output changes, checks, relevant attributes.
// Of the resources of planned_values and the prior state, only what says
// which instance each is is built at first: most repeat resource_changes,
// and the others are read again from their place in the file.
var (
	changeShape = &keep{fields: map[string]*keep{
		"address": keepAll, "index": keepAll, "deposed": keepAll, "provider_name": keepAll,
		"change": {fields: map[string]*keep{"actions": keepAll, "after": keepAll, "after_unknown": keepAll, "after_sensitive": keepAll}},
	}}
	valuesShape = func() *keep {
		resource := &keep{fields: map[string]*keep{"address": keepAll, "index": keepAll, "deposed_key": keepAll}}
		module := &keep{fields: map[string]*keep{"address": keepAll, "resources": {elems: resource}}}
		module.fields["child_modules"] = &keep{elems: module}
		return &keep{fields: map[string]*keep{"root_module": module}}
	}()
	planShape = &keep{fields: map[string]*keep{
		"format_version": keepAll, "terraform_version": keepAll, "variables": keepAll, "errored": keepAll,
		"planned_values": valuesShape, "prior_state": {fields: map[string]*keep{"values": valuesShape}},
		"values": valuesShape, "configuration": keepAll, "resource_changes": {elems: changeShape},
	}}
)

// Parse reads the text of a plan file; file is its name in ranges. It
// never fails: problems are the plan's Diagnostics, and what could be read
// before them is kept.
func Parse(data []byte, file string, opts Options) *Plan {
	p := &Plan{File: file, opts: opts, Variables: map[string]*Variable{}, Instances: map[string]*Instance{},
		Providers: map[string]*Provider{}, modules: map[string]*Module{}, byResource: map[string][]*Instance{},
		moduleInsts: map[string]bool{"": true}, place: map[string]*Place{}}
	limit := opts.maxBytes()
	if int64(len(data)) > limit {
		return tooLarge(file, limit)
	}
	if isUTF16(data) {
		p.fileDiag(fileStart(file), "plan file is encoded in UTF-16, which trailint does not read",
			"write it as UTF-8: in PowerShell, terraform show -json PLANFILE | Out-File -Encoding utf8 plan.json")
		return p
	}
	p.w = newWork(opts.Budget)
	defer p.w.unit.Close()
	p.src = data
	defer func() { p.src = nil }()
	ps := newParser(data, p.w)
	doc := ps.document(planShape)
	if ps.err != nil {
		p.syntaxDiag(ps.err)
		return p
	}
	if doc.kind != jObject {
		p.fileDiag(p.rng(doc.start, doc.end), "plan file is not a Terraform plan",
			"it holds "+doc.kind.String()+", not the object terraform show -json writes")
		return p
	}
	if !p.version(doc) {
		return p
	}
	if e := doc.get("errored"); e != nil && e.kind == jBool && e.b {
		p.Diagnostics = append(p.Diagnostics, graph.Diagnostic{Severity: graph.SevWarning, Class: graph.ClassInput,
			Summary: "the plan did not complete", Detail: "Terraform stopped planning on an error; what the plan does not give is unknown",
			Range: p.rng(e.start, e.end)})
	}
	p.readConfig(doc.get("configuration"))
	p.readVariables(doc.get("variables"))
	gone := map[string]bool{}
	p.readChanges(doc.get("resource_changes"), gone)
	p.readValues(doc.get("planned_values"), "planned_values", FromPlanned, gone)
	if prior := doc.get("prior_state"); prior != nil {
		p.readValues(prior.get("values"), "prior_state.values", FromPrior, gone)
	}
	// The JSON of a state (terraform show -json without a plan) has its
	// values at the top.
	p.readValues(doc.get("values"), "values", FromPrior, gone)
	p.index()
	p.build()
	return p
}

// isUTF16 tells a file in UTF-16 by its byte-order mark or by the NUL
// beside its first character, which JSON text in UTF-8 cannot hold.
func isUTF16(data []byte) bool {
	if len(data) < 2 {
		return false
	}
	return data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF ||
		data[0] == 0 || data[1] == 0
}

func (p *Plan) rng(start, end graph.Pos) graph.Range {
	return graph.Range{File: p.File, Start: start, End: end}
}

func (p *Plan) fileDiag(r graph.Range, summary, detail string) {
	p.Diagnostics = append(p.Diagnostics, graph.Diagnostic{Severity: graph.SevError, Class: graph.ClassFile,
		Summary: summary, Detail: detail, Range: r})
}

// formatDiag says that a part of the file is not what Terraform's format
// has there; the part is skipped and the rest read.
func (p *Plan) formatDiag(n *node, format string, args ...any) {
	r := fileStart(p.File)
	if n != nil {
		r = p.rng(n.start, n.end)
	}
	p.fileDiag(r, "plan file is not in Terraform's JSON plan format", fmt.Sprintf(format, args...))
}

func (p *Plan) syntaxDiag(e *syntaxError) {
	r := graph.Range{File: p.File, Start: e.pos, End: e.pos}
	if e.budget {
		p.Diagnostics = append(p.Diagnostics, graph.Diagnostic{Severity: graph.SevError, Class: graph.ClassBudget,
			Summary: budgetSummary, Detail: budget.Message(e.kind, p.w.lim) + "; the plan file is not read", Range: r})
		return
	}
	p.fileDiag(r, "plan file is not valid JSON: "+e.msg, "")
}

// budgetSummary is the summary of every diagnostic of running out, as the
// loaders word it.
const budgetSummary = "Evaluation budget exceeded"

// version checks format_version: Terraform's format promises that a new
// major version is one a reader must refuse.
func (p *Plan) version(doc *node) bool {
	fv := doc.get("format_version")
	if fv == nil || fv.kind != jString {
		p.fileDiag(p.rng(doc.start, doc.start), "plan file is not a Terraform plan",
			"it has no format_version; write it with terraform show -json PLANFILE")
		return false
	}
	p.FormatVersion = fv.text
	p.TerraformVersion, _ = doc.str("terraform_version")
	major, _, _ := strings.Cut(fv.text, ".")
	if major != "0" && major != "1" {
		p.fileDiag(p.rng(fv.start, fv.end), fmt.Sprintf("plan file has format_version %q, which trailint does not read", fv.text),
			"trailint reads the format of major version 1 that Terraform 0.12 and later write")
		return false
	}
	return true
}

func (p *Plan) readVariables(n *node) {
	if n == nil {
		return
	}
	if n.kind != jObject {
		p.formatDiag(n, "variables must be an object, not %s", n.kind)
		return
	}
	for _, f := range n.fields {
		if f.val.kind != jObject {
			p.formatDiag(f.val, "variables.%s must be an object, not %s", f.name, f.val.kind)
			continue
		}
		v := &Variable{Name: f.name, NameRange: p.rng(f.nameStart, f.nameEnd)}
		if val := f.val.get("value"); val != nil {
			v.Value = p.valueOf(val)
		} else {
			v.Value = &Value{Kind: Unknown, Why: "var." + f.name + " has no value in the plan", Range: p.rng(f.val.start, f.val.end)}
		}
		if p.Root != nil {
			if d := p.Root.Variables[f.name]; d != nil && d.Sensitive {
				v.Sensitive = true
				markSensitive(v.Value)
			}
		}
		p.Variables[f.name] = v
	}
}

// readChanges reads resource_changes: the values after the plan, with
// after_unknown telling what is known only after apply.
func (p *Plan) readChanges(n *node, gone map[string]bool) {
	if n == nil {
		return
	}
	if n.kind != jArray {
		p.formatDiag(n, "resource_changes must be an array, not %s", n.kind)
		return
	}
	for i, rc := range n.elems {
		where := fmt.Sprintf("resource_changes[%d]", i)
		if rc.kind != jObject {
			p.formatDiag(rc, "%s must be an object, not %s", where, rc.kind)
			continue
		}
		if d := rc.get("deposed"); d != nil && d.kind == jString && d.text != "" {
			continue // an object replaced before, being destroyed
		}
		ch := rc.get("change")
		if ch == nil || ch.kind != jObject {
			p.formatDiag(orNode(ch, rc), "%s.change must be an object", where)
			continue
		}
		var actions []string
		if a := ch.get("actions"); a != nil {
			if a.kind != jArray {
				p.formatDiag(a, "%s.change.actions must be an array, not %s", where, a.kind)
				continue
			}
			for _, e := range a.elems {
				if e.kind == jString {
					actions = append(actions, e.text)
				}
			}
		}
		in := p.newInstance(rc, where, FromChange)
		if in == nil {
			continue
		}
		if removes(actions) {
			gone[in.Address] = true
			continue
		}
		if p.Instances[in.Address] != nil || !p.spendInstance(rc) {
			continue
		}
		in.Actions = actions
		after, unk, sens := ch.get("after"), ch.get("after_unknown"), ch.get("after_sensitive")
		if after == nil && unk == nil {
			in.Values = &Value{Kind: Unknown, Why: "the plan gives no values for " + in.Address, Range: in.Range}
		} else {
			in.Values = p.merge(after, unk, sens, &path{root: in.Address})
		}
		p.add(in)
	}
}

// removes reports whether actions take the object away: it is not there
// after the plan.
func removes(actions []string) bool {
	if len(actions) == 0 {
		return false
	}
	for _, a := range actions {
		if a != "delete" && a != "forget" {
			return false
		}
	}
	return true
}

func orNode(n, or *node) *node {
	if n != nil {
		return n
	}
	return or
}

// readValues reads a values representation (planned_values, the prior
// state): a tree of modules and their resources.
func (p *Plan) readValues(n *node, where string, from Source, gone map[string]bool) {
	if n == nil {
		return
	}
	if n.kind != jObject {
		p.formatDiag(n, "%s must be an object, not %s", where, n.kind)
		return
	}
	root := n.get("root_module")
	if root == nil {
		return
	}
	type item struct {
		n     *node
		where string
	}
	stack := []item{{root, where + ".root_module"}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.n.kind != jObject {
			p.formatDiag(it.n, "%s must be an object, not %s", it.where, it.n.kind)
			continue
		}
		if rs := it.n.get("resources"); rs != nil {
			if rs.kind != jArray {
				p.formatDiag(rs, "%s.resources must be an array, not %s", it.where, rs.kind)
			} else {
				for i, r := range rs.elems {
					p.valuesResource(r, fmt.Sprintf("%s.resources[%d]", it.where, i), from, gone)
				}
			}
		}
		if cm := it.n.get("child_modules"); cm != nil {
			if cm.kind != jArray {
				p.formatDiag(cm, "%s.child_modules must be an array, not %s", it.where, cm.kind)
				continue
			}
			for i := len(cm.elems) - 1; i >= 0; i-- {
				stack = append(stack, item{cm.elems[i], fmt.Sprintf("%s.child_modules[%d]", it.where, i)})
			}
		}
	}
}

func (p *Plan) valuesResource(r *node, where string, from Source, gone map[string]bool) {
	if r.kind != jObject {
		p.formatDiag(r, "%s must be an object, not %s", where, r.kind)
		return
	}
	if d := r.get("deposed_key"); d != nil && d.kind == jString && d.text != "" {
		return
	}
	in := p.newInstance(r, where, from)
	if in == nil || gone[in.Address] || p.Instances[in.Address] != nil || !p.spendInstance(r) {
		return
	}
	if r = p.reparse(r); r == nil {
		return
	}
	if pn, ok := r.str("provider_name"); ok {
		in.ProviderName = pn
	}
	vals := r.get("values")
	if vals == nil {
		in.Values = &Value{Kind: Unknown, Why: "the plan gives no values for " + in.Address, Range: in.Range}
	} else {
		in.Values = p.merge(vals, nil, r.get("sensitive_values"), &path{root: in.Address})
	}
	p.add(in)
}

// reparse builds the whole of a value of the file that was read in part.
func (p *Plan) reparse(n *node) *node {
	if p.src == nil || n.end.Byte > len(p.src) {
		return nil
	}
	ps := &parser{src: p.src[:n.end.Byte], i: n.start.Byte, at: n.start.Byte, line: n.start.Line, col: n.start.Column, w: p.w}
	full := ps.value(keepAll)
	if ps.err != nil {
		p.syntaxDiag(ps.err)
		return nil
	}
	return full
}

// newInstance reads the address of a resource object; nil when it has
// none that Terraform could have written.
func (p *Plan) newInstance(n *node, where string, from Source) *Instance {
	an := n.get("address")
	if an == nil || an.kind != jString {
		p.formatDiag(orNode(an, n), "%s.address must be a string", where)
		return nil
	}
	a, ok := parseAddress(an.text)
	if !ok {
		p.formatDiag(an, "%s.address %q is not a resource instance address", where, an.text)
		return nil
	}
	in := &Instance{Address: an.text, Module: a.module, Mode: a.mode, Type: a.typ, Name: a.name, From: from,
		Range: p.rng(an.start, an.end), Block: p.rng(n.start, n.end)}
	if pn, ok := n.str("provider_name"); ok {
		in.ProviderName = pn
	}
	if k := n.get("index"); k != nil && (k.kind == jNumber || k.kind == jString) {
		in.Key = p.valueOf(k)
	} else if a.key != "" {
		// Plans of early Terraform versions give the key in the address
		// only.
		in.Key = &Value{Kind: String, Str: keyText(a.key), Range: in.Range}
		if !strings.HasPrefix(a.key, `["`) {
			in.Key.Kind = Number
		}
	}
	return in
}

func (p *Plan) spendInstance(n *node) bool {
	ok, first := p.w.unit.Spend(budget.Instances, 1)
	if !ok && first {
		p.Diagnostics = append(p.Diagnostics, graph.Diagnostic{Severity: graph.SevError, Class: graph.ClassBudget,
			Summary: budgetSummary, Detail: budget.Message(budget.Instances, p.w.lim) + "; the instances after this one are not analysed",
			Range: p.rng(n.start, n.end)})
	}
	return ok
}

// maxDocBytes bounds the policy text read as a document: AWS refuses key
// policies over 32 KB, and a longer text stays a string for the policy
// reader to refuse.
const maxDocBytes = 256 << 10

// add files an instance. The text of its policy arguments is read as JSON
// with positions.
func (p *Plan) add(in *Instance) {
	if spec, ok := specOf(in); ok && p.src != nil {
		for _, ps := range spec.Args {
			if !ps.Policy || len(ps.Path) > 0 {
				continue
			}
			if v := in.Values.Get(ps.Name); v != nil && v.Kind == String && len(v.Str) <= maxDocBytes {
				p.readDoc(v)
			}
		}
	}
	p.Instances[in.Address] = in
}

// readDoc reads the policy document a string holds, with the positions of
// its characters in the file.
func (p *Plan) readDoc(v *Value) {
	if v.Range.Start.Byte < 0 || v.Range.End.Byte > len(p.src) || v.Range.Start.Byte >= v.Range.End.Byte ||
		p.src[v.Range.Start.Byte] != '"' {
		return
	}
	n := &node{kind: jString, start: v.Range.Start, end: v.Range.End}
	doc := parseDoc(p.src, n, v.Str, p.w)
	if doc == nil {
		return // not JSON: the string is kept, for the policy reader to say so
	}
	v.Doc = p.valueOf(doc)
	if v.Sensitive {
		markSensitive(v.Doc)
	}
}

// merge builds a value from after, with after_unknown's unknowns and
// after_sensitive's marks (any of them may be nil).
func (p *Plan) merge(after, unk, sens *node, at *path) *Value {
	var v *Value
	switch {
	case isTrue(unk):
		r := orNode(after, unk)
		v = &Value{Kind: Unknown, Why: at.String() + " is known after apply", Range: p.rng(r.start, r.end)}
		if after != nil && after.kind != jNull {
			// A value the plan gives and also marks unknown is unknown:
			// apply decides it.
			v.Range = p.rng(unk.start, unk.end)
		}
	case after == nil && unk != nil && unk.kind == jObject:
		v = &Value{Kind: Object, Range: p.rng(unk.start, unk.end)}
		p.unknownFields(v, nil, unk, sens, at)
	case after == nil && unk != nil && unk.kind == jArray:
		v = &Value{Kind: Array, Range: p.rng(unk.start, unk.end)}
		for i, e := range unk.elems {
			v.Elems = append(v.Elems, p.merge(nil, e, index(sens, i), at.elem(i)))
		}
	case after == nil:
		r := orNode(unk, sens)
		v = &Value{Kind: Unknown, Why: at.String() + " is not in the plan"}
		if r != nil {
			v.Range = p.rng(r.start, r.end)
		}
	case after.kind == jObject:
		v = &Value{Kind: Object, Range: p.rng(after.start, after.end)}
		if len(after.fields) > 0 {
			v.Fields = make([]Field, 0, len(after.fields))
		}
		for _, f := range after.fields {
			v.Fields = append(v.Fields, Field{Name: f.name, NameRange: p.rng(f.nameStart, f.nameEnd),
				Value: p.merge(f.val, unk.get(f.name), sens.get(f.name), at.attr(f.name))})
		}
		if unk != nil && unk.kind == jObject {
			p.unknownFields(v, after, unk, sens, at)
		}
	case after.kind == jArray:
		v = &Value{Kind: Array, Range: p.rng(after.start, after.end)}
		if len(after.elems) > 0 {
			v.Elems = make([]*Value, len(after.elems))
		}
		for i, e := range after.elems {
			v.Elems[i] = p.merge(e, index(unk, i), index(sens, i), at.elem(i))
		}
	default:
		v = p.valueOf(after)
	}
	if isTrue(sens) {
		markSensitive(v)
	}
	return v
}

// unknownFields adds the members after_unknown has and after leaves out:
// the attributes known only after apply.
func (p *Plan) unknownFields(v *Value, after, unk, sens *node, at *path) {
	for _, f := range unk.fields {
		if after.member(f.name) != nil || !holdsTrue(f.val) {
			continue
		}
		v.Fields = append(v.Fields, Field{Name: f.name, NameRange: p.rng(f.nameStart, f.nameEnd),
			Value: p.merge(nil, f.val, sens.get(f.name), at.attr(f.name))})
	}
}

func isTrue(n *node) bool { return n != nil && n.kind == jBool && n.b }

// holdsTrue reports whether an after_unknown part marks anything unknown.
func holdsTrue(n *node) bool {
	if n == nil {
		return false
	}
	switch n.kind {
	case jBool:
		return n.b
	case jArray:
		for _, e := range n.elems {
			if holdsTrue(e) {
				return true
			}
		}
	case jObject:
		for _, f := range n.fields {
			if holdsTrue(f.val) {
				return true
			}
		}
	}
	return false
}

func index(n *node, i int) *node {
	if n == nil || n.kind != jArray || i >= len(n.elems) {
		return nil
	}
	return n.elems[i]
}

// index files the instances by resource and the module instances that
// hold them, for references.
func (p *Plan) index() {
	p.canon = map[string]string{}
	for _, a := range p.Addresses() {
		in := p.Instances[a]
		p.canon[canonical(a)] = a
		k := in.Module + "\x00" + resourceKey(in.Mode, in.Type, in.Name)
		p.byResource[k] = append(p.byResource[k], in)
		for m := in.Module; m != ""; m = parentModule(m) {
			if p.moduleInsts[m] {
				break
			}
			p.moduleInsts[m] = true
		}
	}
}

// resourceKey is a resource's address in its module: aws_kms_key.k,
// data.aws_caller_identity.current.
func resourceKey(mode Mode, typ, name string) string {
	if mode == Data {
		return "data." + typ + "." + name
	}
	return typ + "." + name
}

// work is the plan's share of the run's budget.
type work struct {
	unit *budget.Unit
	lim  budget.Limits
}

func newWork(run *budget.Run) *work {
	return &work{unit: run.Unit(), lim: run.Limits()}
}

func (w *work) bytes(n int64) bool {
	ok, _ := w.unit.Spend(budget.UnitBytes, n)
	return ok
}

// value checks one value against the caps of a value.
func (w *work) value(bytes, elems int64) bool {
	ok, _ := w.unit.Value(bytes, elems)
	return ok
}
