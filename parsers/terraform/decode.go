package terraform

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/trailint/trailint/graph"
	"github.com/zclconf/go-cty/cty"
)

// module is the declarations of one module directory, decoded once however
// many times the module is called.
type module struct {
	dir       string
	empty     bool // no configuration file
	vars      map[string]*variable
	locals    map[string]*hcl.Attribute
	outputs   map[string]*hcl.Attribute // the value attribute; nil when missing
	outNames  []string
	resources []*resourceDecl
	resByKey  map[string]*resourceDecl
	types     map[string]bool
	calls     map[string]*callDecl
	callNames []string
	providers []*providerDecl
	// data names, by type, the aws_caller_identity, aws_region and
	// aws_partition data sources the module declares: fixes refer to them.
	data map[string]string
}

type variable struct {
	name     string
	typ      cty.Type
	defaults *typeexpr.Defaults
	def      *hcl.Attribute
	nullable bool
}

type resourceDecl struct {
	data      bool
	typ, name string
	key       string // aws_x.y or data.aws_x.y
	block     *hcl.Block
	attrs     map[string]*hcl.Attribute
	count     *hcl.Attribute
	forEach   *hcl.Attribute
	provider  string // aws.west; "" for the default
}

type callDecl struct {
	name, source string
	block        *hcl.Block
	inputs       map[string]*hcl.Attribute
	count        *hcl.Attribute
	forEach      *hcl.Attribute
	providers    *hcl.Attribute
}

type providerDecl struct {
	name, alias string
	block       *hcl.Block
	region      *hcl.Attribute
}

var topSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "terraform"}, {Type: "provider", LabelNames: []string{"name"}},
	{Type: "variable", LabelNames: []string{"name"}}, {Type: "locals"},
	{Type: "output", LabelNames: []string{"name"}}, {Type: "module", LabelNames: []string{"name"}},
	{Type: "resource", LabelNames: []string{"type", "name"}}, {Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "ephemeral", LabelNames: []string{"type", "name"}},
	{Type: "moved"}, {Type: "import"}, {Type: "removed"}, {Type: "check", LabelNames: []string{"name"}},
}}

var variableSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "default"}, {Name: "type"}, {Name: "nullable"}, {Name: "description"},
	{Name: "sensitive"}, {Name: "ephemeral"},
}}

// attrsOf returns the attributes of a body written as `name = value`. JSON
// bodies cannot tell attributes from blocks without a schema; there every
// property counts as an attribute.
func (l *loader) attrsOf(body hcl.Body) map[string]*hcl.Attribute {
	if sb, ok := body.(*hclsyntax.Body); ok {
		out := make(map[string]*hcl.Attribute, len(sb.Attributes))
		for n, a := range sb.Attributes {
			out[n] = a.AsHCLAttribute()
		}
		return out
	}
	attrs, _ := body.JustAttributes()
	for _, a := range attrs {
		for _, t := range a.Expr.Variables() {
			l.noteNames(t)
		}
	}
	return attrs
}

// module decodes the configuration files of dir, once.
func (l *loader) module(dir string) *module {
	if m, ok := l.modules[dir]; ok {
		return m
	}
	m := &module{dir: dir, vars: map[string]*variable{}, locals: map[string]*hcl.Attribute{},
		outputs: map[string]*hcl.Attribute{}, resByKey: map[string]*resourceDecl{},
		types: map[string]bool{}, calls: map[string]*callDecl{}}
	l.modules[dir] = m
	names := l.configFiles(dir)
	m.empty = len(names) == 0
	for _, name := range names {
		f := l.parse(name)
		if f == nil {
			continue
		}
		content, _, diags := f.body.PartialContent(topSchema)
		l.hclDiags(diags)
		if content == nil {
			continue
		}
		l.misplaced(f)
		for _, b := range content.Blocks {
			l.decodeBlock(m, b)
		}
	}
	return m
}

// nestedOnly are block types that only appear inside another block: at the
// top of a file, one was pasted in the wrong place (a statement outside its
// policy document), and Terraform refuses the file. Other unknown block
// types are left alone, since newer Terraform versions add some.
var nestedOnly = map[string]bool{"statement": true, "principals": true, "not_principals": true,
	"condition": true, "dynamic": true, "lifecycle": true, "provisioner": true, "connection": true,
	"event_selector": true, "advanced_event_selector": true, "insight_selector": true}

// misplaced reports what Terraform refuses at the top of a file: an
// argument, or a block that belongs inside another.
func (l *loader) misplaced(f *file) {
	body, ok := f.body.(*hclsyntax.Body)
	if !ok || len(l.syntaxErrs[f.path]) > 0 {
		// After a syntax error the parser's recovery may leave a block's
		// body at the top: its error says enough.
		return
	}
	for _, a := range body.Attributes {
		l.diag(graph.SevError, "Unsupported argument", fmt.Sprintf("An argument named %q is not expected here.", a.Name), a.NameRange)
	}
	for _, b := range body.Blocks {
		if nestedOnly[b.Type] {
			l.diag(graph.SevError, "Unsupported block type", fmt.Sprintf("Blocks of type %q are not expected here: it belongs inside another block.", b.Type), b.TypeRange)
		}
	}
}

func (l *loader) decodeBlock(m *module, b *hcl.Block) {
	dup := func(what string) {
		l.diag(graph.SevError, "Duplicate "+what, what+" is declared twice in this module", b.DefRange)
	}
	switch b.Type {
	case "variable":
		name := b.Labels[0]
		if m.vars[name] != nil {
			dup("variable \"" + name + "\"")
			return
		}
		v := &variable{name: name, typ: cty.DynamicPseudoType, nullable: true}
		content, _, _ := b.Body.PartialContent(variableSchema)
		if content != nil {
			if a := content.Attributes["type"]; a != nil {
				// Terraform takes the bare keywords list and map, the
				// types of Terraform 0.11, as list(any) and map(any).
				switch hcl.ExprAsKeyword(a.Expr) {
				case "list":
					v.typ = cty.List(cty.DynamicPseudoType)
				case "map":
					v.typ = cty.Map(cty.DynamicPseudoType)
				default:
					ty, defs, diags := typeexpr.TypeConstraintWithDefaults(a.Expr)
					l.evalDiags(diags)
					if !diags.HasErrors() {
						v.typ, v.defaults = ty, defs
					}
				}
			}
			v.def = content.Attributes["default"]
			if a := content.Attributes["nullable"]; a != nil {
				if nv, diags := a.Expr.Value(nil); !diags.HasErrors() && nv.Type() == cty.Bool && nv.IsKnown() && !nv.IsNull() {
					v.nullable = nv.True()
				}
			}
		}
		m.vars[name] = v
		if accountVars[name] {
			if m.data == nil {
				m.data = map[string]string{}
			}
			m.data["var:account"] = name
		}
	case "locals":
		for n, a := range l.attrsOf(b.Body) {
			if m.locals[n] != nil {
				l.diag(graph.SevError, "Duplicate local value", "local."+n+" is declared twice in this module", a.NameRange)
				continue
			}
			m.locals[n] = a
		}
	case "output":
		name := b.Labels[0]
		if _, ok := m.outputs[name]; ok {
			dup("output \"" + name + "\"")
			return
		}
		m.outputs[name] = l.attrsOf(b.Body)["value"]
		m.outNames = append(m.outNames, name)
	case "resource", "data":
		r := &resourceDecl{data: b.Type == "data", typ: b.Labels[0], name: b.Labels[1], block: b}
		r.key = r.typ + "." + r.name
		if r.data {
			r.key = "data." + r.key
		}
		if m.resByKey[r.key] != nil {
			dup(r.key)
			return
		}
		r.attrs = l.attrsOf(b.Body)
		r.count, r.forEach = r.attrs["count"], r.attrs["for_each"]
		if p := r.attrs["provider"]; p != nil {
			r.provider = traversalName(p.Expr)
		}
		for _, meta := range []string{"count", "for_each", "provider", "depends_on", "lifecycle", "provisioner", "connection"} {
			delete(r.attrs, meta)
		}
		m.resources = append(m.resources, r)
		m.resByKey[r.key] = r
		// A data source speaks for the resources of its own provider
		// configuration only (another may be another account's): those of
		// an alias are filed under "type@aws.alias".
		if r.data && r.count == nil && r.forEach == nil && fixData[r.typ] {
			key := r.typ
			if r.provider != "" && r.provider != "aws" {
				key += "@" + r.provider
			}
			if m.data[key] == "" || r.name == "current" {
				if m.data == nil {
					m.data = map[string]string{}
				}
				m.data[key] = r.name
			}
		}
		if !r.data {
			m.types[r.typ] = true
		}
	case "module":
		c := &callDecl{name: b.Labels[0], block: b}
		if m.calls[c.name] != nil {
			dup("module \"" + c.name + "\"")
			return
		}
		c.inputs = l.attrsOf(b.Body)
		c.source = callSource(c.inputs)
		c.count, c.forEach, c.providers = c.inputs["count"], c.inputs["for_each"], c.inputs["providers"]
		for _, meta := range []string{"source", "version", "count", "for_each", "providers", "depends_on"} {
			delete(c.inputs, meta)
		}
		m.calls[c.name] = c
		m.callNames = append(m.callNames, c.name)
	case "provider":
		p := &providerDecl{name: b.Labels[0], block: b}
		attrs := l.attrsOf(b.Body)
		if a := attrs["alias"]; a != nil {
			if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
				p.alias = v.AsString()
			}
		}
		p.region = attrs["region"]
		m.providers = append(m.providers, p)
	}
}

// callSource is the source of a module call: a literal string, as Terraform requires.
func callSource(attrs map[string]*hcl.Attribute) string {
	if a := attrs["source"]; a != nil {
		if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
			return v.AsString()
		}
	}
	return ""
}

// traversalName renders a reference such as aws.west as text.
func traversalName(e hcl.Expression) string {
	t, diags := hcl.AbsTraversalForExpr(e)
	if diags.HasErrors() {
		return ""
	}
	name := t.RootName()
	for _, s := range t[1:] {
		if a, ok := s.(hcl.TraverseAttr); ok {
			name += "." + a.Name
		}
	}
	return name
}

// accountVars are the names a module's variable holding its own account
// id goes by, which a fix names the account by when the module declares
// no aws_caller_identity.
var accountVars = map[string]bool{"account_id": true, "aws_account_id": true}

// fixData are the data sources fixes use for the account, region and
// partition.
var fixData = map[string]bool{"aws_caller_identity": true, "aws_region": true, "aws_partition": true}
