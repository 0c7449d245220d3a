package terraform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// The aws_iam_policy_document data source is computed by the provider
// without calling AWS; these types render it as the provider does
// (internal/service/iam/policy_model.go): single-element sets collapse to a
// string, sets are sorted in reverse, conditions keep their value order.
type iamDoc struct {
	Version    string     `json:",omitempty"`
	ID         string     `json:"Id,omitempty"`
	Statements []*iamStmt `json:"Statement,omitempty"`
}

type iamStmt struct {
	Sid           string       `json:",omitempty"`
	Effect        string       `json:",omitempty"`
	Actions       any          `json:"Action,omitempty"`
	NotActions    any          `json:"NotAction,omitempty"`
	Resources     any          `json:"Resource,omitempty"`
	NotResources  any          `json:"NotResource,omitempty"`
	Principals    principalSet `json:"Principal,omitempty"`
	NotPrincipals principalSet `json:"NotPrincipal,omitempty"`
	Conditions    conditionSet `json:"Condition,omitempty"`

	// Where the statement was written, and what its fields were written as.
	at     graph.Range
	fields map[string]*graph.Value
}

type principal struct {
	Type        string
	Identifiers any
}

type principalSet []principal

func (ps principalSet) MarshalJSON() ([]byte, error) {
	return json.Marshal(ps.rendered())
}

// rendered is the set as the provider renders it: "*", or a map from
// principal type to a string or a list of strings.
func (ps principalSet) rendered() any {
	if len(ps) == 1 && ps[0].Type == "*" {
		if s, ok := ps[0].Identifiers.(string); ok && s == "*" {
			return "*"
		}
		if l, ok := ps[0].Identifiers.([]string); ok && len(l) == 1 && l[0] == "*" {
			return "*"
		}
	}
	raw := map[string]any{}
	for _, p := range ps {
		switch ids := p.Identifiers.(type) {
		case []string:
			var cur []string
			switch v := raw[p.Type].(type) {
			case string:
				cur = []string{v}
			case []string:
				cur = v
			}
			s := slices.Clone(ids)
			sort.Sort(sort.Reverse(sort.StringSlice(s)))
			raw[p.Type] = append(cur, s...)
		case string:
			switch v := raw[p.Type].(type) {
			case nil:
				raw[p.Type] = ids
			case string:
				raw[p.Type] = []string{v, ids}
			case []string:
				raw[p.Type] = append(v, ids)
			}
		}
	}
	return raw
}

func (ps *principalSet) UnmarshalJSON(b []byte) error {
	var data any
	if err := json.Unmarshal(b, &data); err != nil {
		return err
	}
	var out principalSet
	switch t := data.(type) {
	case string:
		out = append(out, principal{Type: "*", Identifiers: []string{"*"}})
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch v := t[k].(type) {
			case string:
				out = append(out, principal{Type: k, Identifiers: v})
			case []any:
				var ids []string
				for _, x := range v {
					s, ok := x.(string)
					if !ok {
						return fmt.Errorf("principal identifiers must be strings")
					}
					ids = append(ids, s)
				}
				sort.Strings(ids)
				out = append(out, principal{Type: k, Identifiers: ids})
			default:
				return fmt.Errorf("unsupported principal")
			}
		}
	default:
		return fmt.Errorf("unsupported principal")
	}
	*ps = out
	return nil
}

type condition struct {
	Test, Variable string
	Values         []string
}

type conditionSet []condition

func (cs conditionSet) MarshalJSON() ([]byte, error) {
	return json.Marshal(cs.rendered())
}

// rendered is the set as the provider renders it: test → variable → a
// string or a list of strings.
func (cs conditionSet) rendered() map[string]map[string]any {
	raw := map[string]map[string][]string{}
	for _, c := range cs {
		if raw[c.Test] == nil {
			raw[c.Test] = map[string][]string{}
		}
		raw[c.Test][c.Variable] = append(raw[c.Test][c.Variable], c.Values...)
	}
	out := map[string]map[string]any{}
	for t, vars := range raw {
		out[t] = map[string]any{}
		for k, vs := range vars {
			if len(vs) == 1 {
				out[t][k] = vs[0]
			} else {
				out[t][k] = vs
			}
		}
	}
	return out
}

func (cs *conditionSet) UnmarshalJSON(b []byte) error {
	var data map[string]map[string]any
	if err := json.Unmarshal(b, &data); err != nil {
		return err
	}
	var out conditionSet
	for _, t := range sortedKeys(data) {
		for _, k := range sortedKeys(data[t]) {
			switch v := data[t][k].(type) {
			case string:
				out = append(out, condition{t, k, []string{v}})
			case bool:
				out = append(out, condition{t, k, []string{fmt.Sprint(v)}})
			case []any:
				var vs []string
				for _, x := range v {
					vs = append(vs, fmt.Sprint(x))
				}
				out = append(out, condition{t, k, vs})
			}
		}
	}
	*cs = out
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// merge is the provider's merge: statements with a Sid replace those with
// the same Sid, others are appended.
func (d *iamDoc) merge(o *iamDoc) {
	if o.ID != "" {
		d.ID = o.ID
	}
	if o.Version > d.Version {
		d.Version = o.Version
	}
	for _, s := range o.Statements {
		replaced := false
		if s.Sid != "" {
			for i, e := range d.Statements {
				if e.Sid == s.Sid {
					d.Statements[i], replaced = s, true
					break
				}
			}
		}
		if !replaced {
			d.Statements = append(d.Statements, s)
		}
	}
}

// docResult is a rendered policy document: its JSON as cty (unknown when
// any input is) and as a graph value with statement ranges.
type docResult struct {
	json, minified cty.Value
	g              *graph.Value
}

var varReplacer = strings.NewReplacer("&{", "${")

// stringSet collapses a set argument as the provider does.
func stringSet(l []string) any {
	l = slices.Clone(l)
	slices.Sort(l)
	l = slices.Compact(l)
	if len(l) == 1 {
		return l[0]
	}
	sort.Sort(sort.Reverse(sort.StringSlice(l)))
	return l
}

// docInputs gathers the marks and unknowns met while reading a document.
type docInputs struct {
	l     *loader
	marks []cty.ValueMarks
	whys  []string
}

// strings evaluates a list-of-strings argument.
func (di *docInputs) strs(sc *scope, a *hcl.Attribute) ([]string, bool) {
	v, marks := sc.eval(a.Expr).UnmarkDeep()
	di.marks = append(di.marks, marks)
	if !v.IsWhollyKnown() {
		di.whys = append(di.whys, readMarks(marks).why())
		return nil, false
	}
	if v.IsNull() {
		return nil, true
	}
	lv, err := convert.Convert(v, cty.List(cty.String))
	if err != nil {
		di.l.evalDiag(graph.SevWarning, "Invalid policy document argument", err.Error(), a.Expr.Range())
		return nil, false
	}
	var out []string
	for _, e := range lv.AsValueSlice() {
		if !e.IsNull() {
			out = append(out, e.AsString())
		}
	}
	return out, true
}

func (di *docInputs) str(sc *scope, a *hcl.Attribute) (string, bool) {
	v, marks := sc.eval(a.Expr).UnmarkDeep()
	di.marks = append(di.marks, marks)
	if !v.IsWhollyKnown() {
		di.whys = append(di.whys, readMarks(marks).why())
		return "", false
	}
	if v.IsNull() {
		return "", true
	}
	sv, err := convert.Convert(v, cty.String)
	if err != nil {
		di.l.evalDiag(graph.SevWarning, "Invalid policy document argument", err.Error(), a.Expr.Range())
		return "", false
	}
	return sv.AsString(), true
}

// blockInst is one block after dynamic expansion, with the scope its
// iterator is bound in.
type blockInst struct {
	body hcl.Body
	at   hcl.Range
	sc   *scope
}

// blocks returns the blocks of type typ in body, dynamic blocks expanded.
// ok is false when a dynamic block's for_each is unknown.
func (di *docInputs) blocks(body hcl.Body, typ string, sc *scope) (out []blockInst, ok bool) {
	content, _, _ := body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
		{Type: typ}, {Type: "dynamic", LabelNames: []string{"type"}}}})
	if content == nil {
		return nil, true
	}
	ok = true
	for _, b := range content.Blocks {
		if b.Type == typ {
			out = append(out, blockInst{b.Body, blockRange(b), sc})
			continue
		}
		if b.Labels[0] != typ {
			continue
		}
		dc, _, _ := b.Body.PartialContent(&hcl.BodySchema{
			Attributes: []hcl.AttributeSchema{{Name: "for_each", Required: true}, {Name: "iterator"}, {Name: "labels"}},
			Blocks:     []hcl.BlockHeaderSchema{{Type: "content"}}})
		if dc == nil || dc.Attributes["for_each"] == nil || len(dc.Blocks) != 1 {
			continue
		}
		iter := typ
		if a := dc.Attributes["iterator"]; a != nil {
			if kw := hcl.ExprAsKeyword(a.Expr); kw != "" {
				iter = kw
			}
		}
		coll, marks := sc.eval(dc.Attributes["for_each"].Expr).Unmark()
		di.marks = append(di.marks, marks)
		if !coll.IsKnown() || coll.IsNull() || !coll.CanIterateElements() {
			di.whys = append(di.whys, readMarks(marks).why())
			ok = false
			continue
		}
		if err := di.l.spend(budget.Steps, int64(coll.LengthInt())); err != nil {
			di.l.budgetOver(err.Error(), dc.Attributes["for_each"].Expr.Range())
			di.whys = append(di.whys, "the evaluation budget ran out")
			ok = false
			continue
		}
		for it := coll.ElementIterator(); it.Next(); {
			k, v := it.Element()
			isc := sc.with(iter, cty.ObjectVal(map[string]cty.Value{"key": k, "value": v}))
			out = append(out, blockInst{dc.Blocks[0].Body, blockRange(b), isc})
		}
	}
	return out, ok
}

var stmtSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "sid"}, {Name: "effect"}, {Name: "actions"}, {Name: "not_actions"},
	{Name: "resources"}, {Name: "not_resources"}}}

var principalSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "type"}, {Name: "identifiers"}}}

var conditionSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "test"}, {Name: "variable"}, {Name: "values"}}}

var docSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "version"}, {Name: "policy_id"}, {Name: "source_policy_documents"},
	{Name: "override_policy_documents"}, {Name: "source_json"}, {Name: "override_json"}}}

// policyDoc renders the data source.
func (in *inst) policyDoc() (cty.Value, *graph.Value) {
	if in.doc != nil {
		return in.doc.json, in.doc.g
	}
	l := in.m.l
	in.doc = &docResult{json: unknownBecause(cty.String, in.addr+" depends on itself")}
	di := &docInputs{l: l}
	known := true
	body := in.decl.block.Body
	content, _, _ := body.PartialContent(docSchema)
	attr := func(n string) *hcl.Attribute {
		if content == nil {
			return nil
		}
		return content.Attributes[n]
	}
	merged := &iamDoc{}
	readDocs := func(a *hcl.Attribute) []*iamDoc {
		if a == nil {
			return nil
		}
		docs, ok := di.strs(in.sc, a)
		if !ok {
			known = false
			return nil
		}
		var out []*iamDoc
		for _, s := range docs {
			d := &iamDoc{}
			if err := json.Unmarshal([]byte(s), d); err != nil {
				l.evalDiag(graph.SevWarning, "Invalid policy document", err.Error(), a.Expr.Range())
				known = false
				continue
			}
			for _, st := range d.Statements {
				st.at = l.rng(a.Expr.Range())
			}
			out = append(out, d)
		}
		return out
	}
	for _, d := range readDocs(attr("source_policy_documents")) {
		merged.merge(d)
	}
	doc := &iamDoc{Version: "2012-10-17"}
	if a := attr("version"); a != nil {
		if s, ok := di.str(in.sc, a); ok && s != "" {
			doc.Version = s
		} else if !ok {
			known = false
		}
	}
	if a := attr("policy_id"); a != nil {
		if s, ok := di.str(in.sc, a); ok {
			doc.ID = s
		} else {
			known = false
		}
	}
	stmts, ok := di.blocks(body, "statement", in.sc)
	known = known && ok
	for _, b := range stmts {
		st, ok := in.statement(di, b)
		known = known && ok
		doc.Statements = append(doc.Statements, st)
	}
	merged.merge(doc)
	for _, d := range readDocs(attr("override_policy_documents")) {
		merged.merge(d)
	}
	// Source documents may hold the same document twice, and that one
	// twice in turn: the size doubles with each level, so it is checked
	// before anything is made of the statements.
	mb, _ := json.Marshal(merged)
	if err := l.capped(int64(len(mb)), int64(len(merged.Statements)), budget.Elements); err != nil {
		l.budgetOver(err.Error(), in.decl.block.DefRange)
		why := in.addr + " is over the evaluation budget"
		in.doc.json = unknownBecause(cty.String, why)
		in.doc.minified = in.doc.json
		in.doc.g = &graph.Value{Type: graph.Unknown, Why: why, Range: l.rng(blockRange(in.decl.block))}
		l.docs[in.id] = in
		return in.doc.json, in.doc.g
	}
	marks := make(cty.ValueMarks)
	for _, m := range di.marks {
		for k := range m {
			marks[k] = struct{}{}
		}
	}
	blk := l.rng(blockRange(in.decl.block))
	g := &graph.Value{Type: graph.Map, Range: blk}
	if merged.Version != "" {
		g.Fields = append(g.Fields, graph.Field{Name: "Version", NameRange: blk, Value: graph.Str(merged.Version, blk)})
	}
	if merged.ID != "" {
		g.Fields = append(g.Fields, graph.Field{Name: "Id", NameRange: blk, Value: graph.Str(merged.ID, blk)})
	}
	list := &graph.Value{Type: graph.List, Range: blk}
	for _, st := range merged.Statements {
		sv, built := st.value()
		if !built {
			b, err := json.Marshal(st)
			if err == nil {
				sv, err = graph.FromJSON(string(b), st.at)
			}
			if err != nil {
				sv = &graph.Value{Type: graph.Map, Range: st.at}
			}
		}
		for i := range sv.Fields {
			if fv := st.fields[sv.Fields[i].Name]; fv != nil {
				sv.Fields[i].Value.Range, sv.Fields[i].Value.Refs = fv.Range, fv.Refs
			}
		}
		for _, name := range sortedKeys(st.fields) {
			if fv := st.fields[name]; fv.Type == graph.Unknown && sv.Field(name) == nil {
				sv.Fields = append(sv.Fields, graph.Field{Name: name, NameRange: st.at, Value: fv})
			}
		}
		list.List = append(list.List, sv)
	}
	if len(merged.Statements) > 0 {
		g.Fields = append(g.Fields, graph.Field{Name: "Statement", NameRange: blk, Value: list})
	}
	info := readMarks(marks)
	g.Refs = append(g.Refs, info.refs...)
	if known {
		// MarshalIndent is Marshal then Indent: indenting the compact text
		// gives the same bytes without rendering the document twice.
		var b bytes.Buffer
		_ = json.Indent(&b, mb, "", "  ")
		in.doc.json = cty.StringVal(b.String()).WithMarks(marks)
		in.doc.minified = cty.StringVal(string(mb)).WithMarks(marks)
	} else {
		why := strings.Join(slices.Compact(slices.Sorted(slices.Values(di.whys))), "; ")
		if why == "" {
			why = in.addr + " depends on values not known statically"
		}
		in.doc.json = unknownBecause(cty.String, why).WithMarks(marks)
		in.doc.minified = in.doc.json
		g = &graph.Value{Type: graph.Unknown, Why: why, Range: blk, Refs: g.Refs,
			Fields: g.Fields}
		if len(list.List) > 0 {
			// Keep what is known of the statements for positions.
			g.Type = graph.Map
		}
	}
	l.docs[in.id] = in
	in.doc.g = g
	return in.doc.json, g
}

func (in *inst) minifiedJSON() cty.Value {
	in.policyDoc()
	return in.doc.minified
}

// statement reads one statement block.
func (in *inst) statement(di *docInputs, b blockInst) (*iamStmt, bool) {
	l := in.m.l
	st := &iamStmt{Effect: "Allow", at: l.rng(b.at), fields: map[string]*graph.Value{}}
	known := true
	content, _, _ := b.body.PartialContent(stmtSchema)
	if content == nil {
		return st, true
	}
	note := func(field string, a *hcl.Attribute, ok bool, marks int) {
		fv := &graph.Value{Range: l.rng(a.Expr.Range())}
		for _, m := range di.marks[marks:] {
			fv.Refs = append(fv.Refs, readMarks(m).refs...)
		}
		if !ok {
			known = false
			fv.Type = graph.Unknown
			fv.Why = readMarksAll(di.marks[marks:]).why()
			if fv.Why == "" {
				fv.Why = "the value is not known statically"
			}
		}
		st.fields[field] = fv
	}
	for _, f := range []struct {
		attr, field string
		dst         *any
		replaceVars bool
	}{
		{"actions", "Action", &st.Actions, false}, {"not_actions", "NotAction", &st.NotActions, false},
		{"resources", "Resource", &st.Resources, true}, {"not_resources", "NotResource", &st.NotResources, true},
	} {
		a := content.Attributes[f.attr]
		if a == nil {
			continue
		}
		n := len(di.marks)
		l, ok := di.strs(b.sc, a)
		note(f.field, a, ok, n)
		if ok && len(l) > 0 {
			if f.replaceVars {
				for i := range l {
					l[i] = varReplacer.Replace(l[i])
				}
			}
			*f.dst = stringSet(l)
		}
	}
	for _, f := range []struct {
		attr, field string
		dst         *string
	}{{"sid", "Sid", &st.Sid}, {"effect", "Effect", &st.Effect}} {
		a := content.Attributes[f.attr]
		if a == nil {
			continue
		}
		n := len(di.marks)
		s, ok := di.str(b.sc, a)
		note(f.field, a, ok, n)
		if ok {
			*f.dst = s
		}
	}
	for _, f := range []struct {
		typ, field string
		dst        *principalSet
	}{{"principals", "Principal", &st.Principals}, {"not_principals", "NotPrincipal", &st.NotPrincipals}} {
		blocks, ok := di.blocks(b.body, f.typ, b.sc)
		known = known && ok
		for _, pb := range blocks {
			pc, _, _ := pb.body.PartialContent(principalSchema)
			if pc == nil || pc.Attributes["type"] == nil || pc.Attributes["identifiers"] == nil {
				continue
			}
			n := len(di.marks)
			typ, ok1 := di.str(pb.sc, pc.Attributes["type"])
			ids, ok2 := di.strs(pb.sc, pc.Attributes["identifiers"])
			if !ok1 || !ok2 {
				note(f.field, pc.Attributes["identifiers"], false, n)
				continue
			}
			for i := range ids {
				ids[i] = varReplacer.Replace(ids[i])
			}
			var idv any = ids
			if s, ok := stringSet(ids).(string); ok {
				idv = s
			}
			*f.dst = append(*f.dst, principal{Type: typ, Identifiers: idv})
			if st.fields[f.field] == nil {
				st.fields[f.field] = &graph.Value{Range: l.rng(pb.at)}
			}
			st.fields[f.field].Refs = append(st.fields[f.field].Refs, readMarksAll(di.marks[n:]).refs...)
		}
	}
	conds, ok := di.blocks(b.body, "condition", b.sc)
	known = known && ok
	for _, cb := range conds {
		cc, _, _ := cb.body.PartialContent(conditionSchema)
		if cc == nil || cc.Attributes["test"] == nil || cc.Attributes["variable"] == nil || cc.Attributes["values"] == nil {
			continue
		}
		n := len(di.marks)
		test, ok1 := di.str(cb.sc, cc.Attributes["test"])
		variable, ok2 := di.str(cb.sc, cc.Attributes["variable"])
		values, ok3 := di.strs(cb.sc, cc.Attributes["values"])
		if !ok1 || !ok2 || !ok3 {
			note("Condition", cc.Attributes["values"], false, n)
			continue
		}
		for i := range values {
			values[i] = varReplacer.Replace(values[i])
		}
		st.Conditions = append(st.Conditions, condition{test, variable, values})
		if st.fields["Condition"] == nil {
			st.fields["Condition"] = &graph.Value{Range: l.rng(cb.at)}
		}
		st.fields["Condition"].Refs = append(st.fields["Condition"].Refs, readMarksAll(di.marks[n:]).refs...)
	}
	return st, known
}

func readMarksAll(ms []cty.ValueMarks) markInfo {
	all := make(cty.ValueMarks)
	for _, m := range ms {
		for k := range m {
			all[k] = struct{}{}
		}
	}
	return readMarks(all)
}

// policyValue is a key policy argument as a graph value. A policy written
// as jsonencode({...}) or taken from an aws_iam_policy_document becomes a
// structured map whose statements point at where they were written; any
// other policy stays a JSON string. A policy rendered by templatefile()
// comes with the template's variables, which its fix names values by.
func (in *inst) policyValue(a *hcl.Attribute) (*graph.Value, graph.Form, *graph.Template) {
	l := in.m.l
	expr, sc := a.Expr, in.sc
	for i := 0; i < 8; i++ {
		switch e := expr.(type) {
		case *hclsyntax.ParenthesesExpr:
			expr = e.Expression
			continue
		case *hclsyntax.ScopeTraversalExpr:
			if len(e.Traversal) == 2 && e.Traversal.RootName() == "local" {
				if at, ok := e.Traversal[1].(hcl.TraverseAttr); ok {
					if la := in.m.mod.locals[at.Name]; la != nil {
						expr, sc = la.Expr, in.m.scope()
						continue
					}
				}
			}
		}
		break
	}
	if call, ok := expr.(*hclsyntax.FunctionCallExpr); ok && call.Name == "jsonencode" && len(call.Args) == 1 && !call.ExpandFinal {
		v := sc.eval(call.Args[0])
		g := l.toGraph(v, call.Args[0])
		g.Range = l.rng(a.Expr.Range())
		return g, graph.FormJSONEncode, nil
	}
	v := in.attr(a.Name)
	raw, marks := v.UnmarkDeep()
	info := readMarks(marks)
	var docRefs []graph.Ref
	for _, r := range info.refs {
		if r.Attr == "json" || r.Attr == "minified_json" {
			if _, ok := l.docs[r.ID]; ok {
				docRefs = append(docRefs, r)
			}
		}
	}
	if len(docRefs) == 1 {
		d := l.docs[docRefs[0].ID]
		doc := d.doc.g
		text := d.doc.json
		if docRefs[0].Attr == "minified_json" {
			text = d.doc.minified
		}
		text, _ = text.UnmarkDeep()
		switch {
		case raw.Type() == cty.String && raw.IsKnown() && !raw.IsNull() && text.IsKnown() && text.AsString() == raw.AsString():
			return withRefs(doc, info.refs, l.rng(a.Expr.Range())), graph.FormPolicyDocument, nil
		case !raw.IsKnown() && !text.IsKnown() && doc.Type == graph.Map:
			return withRefs(doc, info.refs, l.rng(a.Expr.Range())), graph.FormPolicyDocument, nil
		}
	}
	call, ok := expr.(*hclsyntax.FunctionCallExpr)
	switch {
	case !ok || call.Name != "file" && call.Name != "templatefile":
		return l.toGraph(v, a.Expr), graph.FormJSON, nil
	case call.Name == "templatefile":
		// A template interpolates the variables it is passed, and
		// nothing else: a fix names a value by the variable that gives
		// it, where one does.
		if t := in.template(call, sc); t != nil {
			return l.toGraph(v, a.Expr), graph.FormTemplateFile, t
		}
	}
	// A file is read as it is: a fix cannot name the module's data
	// sources in it.
	return l.toGraph(v, a.Expr), graph.FormJSONFile, nil
}

// template reads the path and the variables of a templatefile() call, or
// nil when either is not known.
func (in *inst) template(call *hclsyntax.FunctionCallExpr, sc *scope) *graph.Template {
	l := in.m.l
	if len(call.Args) != 2 || call.ExpandFinal {
		return nil
	}
	p, _ := sc.eval(call.Args[0]).Unmark()
	if !p.IsKnown() || p.IsNull() || p.Type() != cty.String {
		return nil
	}
	file, err := l.resolveIn(in.m.root.dir, p.AsString())
	if err != nil {
		return nil
	}
	vars, marks := sc.eval(call.Args[1]).Unmark()
	if !vars.IsKnown() || vars.IsNull() || !vars.Type().IsObjectType() && !vars.Type().IsMapType() {
		return nil
	}
	// The variables written in place keep the ranges of their values.
	items := map[string]hcl.Expression{}
	if obj, ok := call.Args[1].(*hclsyntax.ObjectConsExpr); ok {
		for _, it := range obj.Items {
			if k, _ := sc.eval(it.KeyExpr).Unmark(); k.IsKnown() && !k.IsNull() && k.Type() == cty.String {
				items[k.AsString()] = it.ValueExpr
			}
		}
	}
	t := &graph.Template{File: file}
	for name, val := range vars.AsValueMap() {
		t.Vars = append(t.Vars, graph.TemplateVar{Name: name, Value: l.toGraph(val.WithMarks(marks), items[name])})
	}
	sort.Slice(t.Vars, func(i, j int) bool { return t.Vars[i].Name < t.Vars[j].Name })
	return t
}

func withRefs(doc *graph.Value, refs []graph.Ref, r graph.Range) *graph.Value {
	c := *doc
	c.Refs = append(append([]graph.Ref{}, refs...), doc.Refs...)
	c.Range = r
	return &c
}
