package tfplan

import (
	"sort"
	"strings"

	"github.com/trailint/trailint/graph"
)

// Module is a module of the configuration, as the plan describes it.
type Module struct {
	// Path is "" for the root, module.a.module.b below it.
	Path string
	// Resources are the resource and data blocks, in the plan's order.
	Resources []*Decl
	// Calls are the module calls, by name.
	Calls []*Call
	// Outputs are the output values' expressions.
	Outputs map[string]*Expr
	// Variables are the declared variables.
	Variables map[string]*VarDecl

	decls map[string]*Decl
	calls map[string]*Call
}

// Call is a module call.
type Call struct {
	Name string
	// Source is the source as written: "./modules/trail",
	// "terraform-aws-modules/cloudtrail/aws", "git::https://...".
	Source      string
	SourceRange graph.Range
	// Local is set for a local path (./ or ../), which the scan may hold;
	// any other source is downloaded by terraform init.
	Local   bool
	Version string
	// Inputs are the arguments of the call, the module's variables.
	Inputs         map[string]*Expr
	Count, ForEach *Expr
	// Module is the called module.
	Module *Module
	// Range is the call's name in the plan file.
	Range graph.Range
}

// Decl is a resource or data block of the configuration.
type Decl struct {
	// Address is the address in its module: aws_kms_key.k,
	// data.aws_caller_identity.current.
	Address string
	Mode    Mode
	Type    string
	Name    string
	// ProviderKey is the key of the provider configuration in
	// Plan.Providers: "aws", "aws.west", "module.trail:aws".
	ProviderKey    string
	Body           *Block
	Count, ForEach *Expr
	// Range is the address in the plan file.
	Range graph.Range
}

// Block is the content of a block: the expressions of its arguments and
// its nested blocks. Terraform leaves dynamic blocks out.
type Block struct {
	Attrs  map[string]*Expr
	Blocks map[string][]*Block
	Range  graph.Range
}

// Expr is an expression as the plan gives it: its value when it refers
// to nothing, else what it refers to. An expression that calls functions
// without references has neither.
type Expr struct {
	// Constant is the expression's value when it is constant, else nil.
	Constant *Value
	// References are the references Terraform lists, each with its
	// shorter forms: "aws_kms_key.k.arn", "aws_kms_key.k".
	References []string
	Range      graph.Range
}

// VarDecl is a declared variable.
type VarDecl struct {
	Name      string
	Default   *Value // nil when the variable has no default
	Sensitive bool
	Range     graph.Range
}

// Provider is a provider configuration.
type Provider struct {
	// Key is the provider's key in the plan: "aws", "aws.west",
	// "module.trail:aws".
	Key           string
	Name          string
	FullName      string
	Alias         string
	ModuleAddress string
	Body          *Block
	Range         graph.Range
}

// Call returns the module call named name, or nil.
func (m *Module) Call(name string) *Call {
	if m == nil {
		return nil
	}
	return m.calls[name]
}

// Decl returns the declaration at a module address (aws_kms_key.k), or nil.
func (m *Module) Decl(addr string) *Decl {
	if m == nil {
		return nil
	}
	return m.decls[addr]
}

// Attr returns the expression of an argument, inside the first block of
// each type along blocks; nil when the configuration does not write it.
func (d *Decl) Attr(name string, blocks ...string) *Expr {
	if d == nil {
		return nil
	}
	b := d.Body
	for _, t := range blocks {
		if b == nil || len(b.Blocks[t]) == 0 {
			return nil
		}
		b = b.Blocks[t][0]
	}
	if b == nil {
		return nil
	}
	return b.Attrs[name]
}

// maxModules bounds the modules of a configuration read, every call
// counted: the deepest real trees have a few hundred.
const maxModules = 10_000

func (p *Plan) readConfig(n *node) {
	if n == nil {
		return
	}
	if n.kind != jObject {
		p.formatDiag(n, "configuration must be an object, not %s", n.kind)
		return
	}
	if pc := n.get("provider_config"); pc != nil {
		if pc.kind != jObject {
			p.formatDiag(pc, "configuration.provider_config must be an object, not %s", pc.kind)
		} else {
			for _, f := range pc.fields {
				p.readProvider(f)
			}
		}
	}
	root := n.get("root_module")
	if root == nil {
		return
	}
	if root.kind != jObject {
		p.formatDiag(root, "configuration.root_module must be an object, not %s", root.kind)
		return
	}
	p.Root = p.readModule(root, "", "configuration.root_module")
}

func (p *Plan) readProvider(f member) {
	if f.val.kind != jObject {
		p.formatDiag(f.val, "configuration.provider_config[%q] must be an object, not %s", f.name, f.val.kind)
		return
	}
	pr := &Provider{Key: f.name, Range: p.rng(f.nameStart, f.nameEnd)}
	pr.Name, _ = f.val.str("name")
	pr.FullName, _ = f.val.str("full_name")
	pr.Alias, _ = f.val.str("alias")
	pr.ModuleAddress, _ = f.val.str("module_address")
	pr.Body = p.readBlock(f.val.get("expressions"))
	p.Providers[f.name] = pr
}

func (p *Plan) readModule(n *node, path, where string) *Module {
	m := &Module{Path: path, Outputs: map[string]*Expr{}, Variables: map[string]*VarDecl{},
		decls: map[string]*Decl{}, calls: map[string]*Call{}}
	if p.modules[path] == nil {
		p.modules[path] = m
	}
	if rs := n.get("resources"); rs != nil {
		if rs.kind != jArray {
			p.formatDiag(rs, "%s.resources must be an array, not %s", where, rs.kind)
		} else {
			for _, r := range rs.elems {
				if d := p.readDecl(r, where); d != nil && m.decls[d.Address] == nil {
					m.Resources = append(m.Resources, d)
					m.decls[d.Address] = d
				}
			}
		}
	}
	if outs := n.get("outputs"); outs != nil && outs.kind == jObject {
		for _, f := range outs.fields {
			if f.val.kind == jObject {
				m.Outputs[f.name] = p.readExpr(f.val.get("expression"))
			}
		}
	}
	if vs := n.get("variables"); vs != nil && vs.kind == jObject {
		for _, f := range vs.fields {
			if f.val.kind != jObject {
				continue
			}
			v := &VarDecl{Name: f.name, Range: p.rng(f.nameStart, f.nameEnd)}
			if d := f.val.get("default"); d != nil {
				v.Default = p.valueOf(d)
			}
			if s := f.val.get("sensitive"); s != nil && s.kind == jBool {
				v.Sensitive = s.b
			}
			if v.Sensitive && v.Default != nil {
				markSensitive(v.Default)
			}
			m.Variables[f.name] = v
		}
	}
	if mc := n.get("module_calls"); mc != nil {
		if mc.kind != jObject {
			p.formatDiag(mc, "%s.module_calls must be an object, not %s", where, mc.kind)
		} else {
			for _, f := range mc.fields {
				p.readCall(m, f, where)
			}
		}
	}
	sort.Slice(m.Calls, func(i, j int) bool { return m.Calls[i].Name < m.Calls[j].Name })
	return m
}

func (p *Plan) readCall(m *Module, f member, where string) {
	if f.val.kind != jObject {
		p.formatDiag(f.val, "%s.module_calls[%q] must be an object, not %s", where, f.name, f.val.kind)
		return
	}
	if m.calls[f.name] != nil || len(p.modules) >= maxModules {
		return
	}
	c := &Call{Name: f.name, Range: p.rng(f.nameStart, f.nameEnd), Inputs: map[string]*Expr{}}
	if s := f.val.get("source"); s != nil && s.kind == jString {
		c.Source, c.SourceRange = s.text, p.rng(s.start, s.end)
		c.Local = strings.HasPrefix(s.text, "./") || strings.HasPrefix(s.text, "../")
	}
	c.Version, _ = f.val.str("version_constraint")
	if ex := f.val.get("expressions"); ex != nil && ex.kind == jObject {
		for _, a := range ex.fields {
			if isExpr(a.val) {
				c.Inputs[a.name] = p.readExpr(a.val)
			}
		}
	}
	c.Count = p.readExpr(f.val.get("count_expression"))
	c.ForEach = p.readExpr(f.val.get("for_each_expression"))
	path := "module." + f.name
	if m.Path != "" {
		path = m.Path + "." + path
	}
	child := f.val.get("module")
	if child == nil || child.kind != jObject {
		child = &node{kind: jObject, start: f.val.start, end: f.val.end}
	}
	c.Module = p.readModule(child, path, where+".module_calls["+quote(f.name)+"].module")
	m.Calls = append(m.Calls, c)
	m.calls[f.name] = c
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

func (p *Plan) readDecl(n *node, where string) *Decl {
	if n.kind != jObject {
		p.formatDiag(n, "%s.resources must hold objects, not %s", where, n.kind)
		return nil
	}
	an := n.get("address")
	if an == nil || an.kind != jString {
		p.formatDiag(orNode(an, n), "%s.resources: a resource has no address", where)
		return nil
	}
	a, ok := parseAddress(an.text)
	if !ok || a.module != "" || a.key != "" {
		p.formatDiag(an, "%s.resources: %q is not a resource address", where, an.text)
		return nil
	}
	d := &Decl{Address: an.text, Mode: a.mode, Type: a.typ, Name: a.name, Range: p.rng(an.start, an.end)}
	d.ProviderKey, _ = n.str("provider_config_key")
	d.Body = p.readBlock(n.get("expressions"))
	d.Count = p.readExpr(n.get("count_expression"))
	d.ForEach = p.readExpr(n.get("for_each_expression"))
	return d
}

// isExpr tells an expression ({"constant_value": ...} or
// {"references": [...]}, or {} for one that has neither) from a nested
// block of a single kind, both objects.
func isExpr(n *node) bool {
	if n == nil || n.kind != jObject {
		return false
	}
	for _, f := range n.fields {
		if f.name != "constant_value" && f.name != "references" {
			return false
		}
	}
	return true
}

func (p *Plan) readExpr(n *node) *Expr {
	if !isExpr(n) {
		return nil
	}
	e := &Expr{Range: p.rng(n.start, n.end)}
	if c := n.member("constant_value"); c != nil {
		e.Constant = p.valueOf(c.val)
	}
	if rs := n.get("references"); rs != nil && rs.kind == jArray {
		for _, r := range rs.elems {
			if r.kind == jString {
				e.References = append(e.References, r.text)
			}
		}
	}
	return e
}

// readBlock reads an expressions object: arguments are expressions,
// nested blocks are arrays of expressions objects (or one object, for a
// block of which there is one).
func (p *Plan) readBlock(n *node) *Block {
	if n == nil || n.kind != jObject {
		return nil
	}
	b := &Block{Attrs: map[string]*Expr{}, Range: p.rng(n.start, n.end)}
	for _, f := range n.fields {
		switch {
		case isExpr(f.val):
			b.Attrs[f.name] = p.readExpr(f.val)
		case f.val.kind == jArray:
			if b.Blocks == nil {
				b.Blocks = map[string][]*Block{}
			}
			for _, e := range f.val.elems {
				if nb := p.readBlock(e); nb != nil {
					b.Blocks[f.name] = append(b.Blocks[f.name], nb)
				}
			}
		case f.val.kind == jObject:
			if b.Blocks == nil {
				b.Blocks = map[string][]*Block{}
			}
			b.Blocks[f.name] = append(b.Blocks[f.name], p.readBlock(f.val))
		}
	}
	return b
}
