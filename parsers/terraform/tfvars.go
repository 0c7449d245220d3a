package terraform

import (
	"path"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// rootVars sets the root module's variables with Terraform's precedence,
// lowest first: defaults, terraform.tfvars, terraform.tfvars.json,
// *.auto.tfvars(.json) in lexical order, then --var-file and --var in order.
func (l *loader) rootVars(m *modInst) {
	vals := map[string]cty.Value{}
	subjects := map[string]hcl.Range{}
	var files []string
	for _, n := range []string{"terraform.tfvars", "terraform.tfvars.json"} {
		if l.exists(m.mod.dir, n) {
			files = append(files, path.Join(m.mod.dir, n))
		}
	}
	var auto []string
	if entries, err := l.readDir(m.mod.dir); err == nil {
		for _, e := range entries {
			n := e.Name()
			if !e.IsDir() && (strings.HasSuffix(n, ".auto.tfvars") || strings.HasSuffix(n, ".auto.tfvars.json")) {
				auto = append(auto, path.Join(m.mod.dir, n))
			}
		}
	}
	sort.Strings(auto)
	files = append(files, auto...)
	for _, f := range l.opts.VarFiles {
		files = append(files, path.Clean(f))
	}
	for _, name := range files {
		f := l.parse(name)
		if f == nil {
			continue
		}
		attrs, diags := f.body.JustAttributes()
		l.hclDiags(diags)
		for n, a := range attrs {
			v, diags := a.Expr.Value(nil)
			l.hclDiags(diags)
			if diags.HasErrors() {
				continue
			}
			vals[n] = l.markSources(a.Expr, v)
			subjects[n] = a.Expr.Range()
		}
	}
	for _, n := range sortedKeys(l.opts.Vars) {
		if m.mod.vars[n] != nil && l.shared != nil {
			l.shared.declare(n)
		}
		raw := l.opts.Vars[n]
		v := cty.StringVal(raw)
		if decl := m.mod.vars[n]; decl != nil && !decl.typ.IsPrimitiveType() && decl.typ != cty.DynamicPseudoType {
			expr, diags := hclsyntax.ParseExpression([]byte(raw), "--var "+n, hcl.InitialPos)
			if !diags.HasErrors() {
				ev, diags := expr.Value(nil)
				if !diags.HasErrors() {
					v = ev
				}
			}
		}
		vals[n] = v
		subjects[n] = hcl.Range{}
	}
	// A plan holds the values the variables had when it was made: the
	// workspace's, whatever files set them.
	for _, n := range sortedKeys(m.mod.vars) {
		if v, ok := l.planVar(n); ok {
			vals[n], subjects[n] = v, hcl.Range{}
		}
	}
	for _, n := range sortedKeys(m.mod.vars) {
		v, ok := vals[n]
		m.setVar(m.mod.vars[n], v, ok, subjects[n])
	}
}
