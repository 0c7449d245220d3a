package cloudformation

import (
	"sort"
	"strconv"
	"strings"

	"github.com/trailint/trailint/graph"
)

// sub evaluates Fn::Sub in its string and [string, variables] forms.
func (s *stack) sub(arg *node, call *node) *graph.Value {
	var tmpl string
	var vars *node
	var ok bool
	if tmpl, ok = arg.text(); !ok {
		a := args(arg, 2)
		if a == nil {
			return s.bad("Fn::Sub", call, "Fn::Sub takes a string or [string, {variables}]")
		}
		if tmpl, ok = a[0].text(); !ok {
			return s.bad("Fn::Sub", call, "the first argument of Fn::Sub must be a string")
		}
		vars = a[1]
		if vars.kind != kMap {
			return s.bad("Fn::Sub", call, "the variables of Fn::Sub must be a mapping")
		}
	}
	out := &graph.Value{Type: graph.String, Range: call.rng}
	var b strings.Builder
	var whys []string
	var refs []graph.Ref
	for {
		i := strings.Index(tmpl, "${")
		if i < 0 {
			b.WriteString(tmpl)
			break
		}
		b.WriteString(tmpl[:i])
		tmpl = tmpl[i+2:]
		if strings.HasPrefix(tmpl, "!") {
			// ${!Literal} is the text ${Literal}.
			b.WriteString("${")
			tmpl = tmpl[1:]
			continue
		}
		j := strings.IndexByte(tmpl, '}')
		if j < 0 {
			b.WriteString("${" + tmpl)
			break
		}
		name := strings.TrimSpace(tmpl[:j])
		tmpl = tmpl[j+1:]
		v := s.subVar(name, vars, call)
		if notEvaluated(v) {
			return withRefList(graph.UnknownValue(v.Why, call.rng), append(refs, v.Refs...))
		}
		t, why := text(v, name)
		if int64(b.Len()+len(t)) > s.w.lim.ValueBytes {
			// Stopped before it is built: a string that doubles at each
			// level of nesting would not fit in memory.
			return withRefList(s.fits(int64(b.Len()+len(t)), 0, false, call.rng), refs)
		}
		b.WriteString(t)
		whys = append(whys, why)
		if v != nil {
			refs = append(refs, v.Refs...)
		}
	}
	out.Str = b.String()
	out.Refs = addRefs(nil, refs...)
	if over := s.fitsString(out.Str, call.rng); over != nil {
		return withRefList(over, out.Refs)
	}
	if graph.HasHoles(out.Str) {
		out.Why = joinWhy(whys)
	}
	return out
}

func (s *stack) subVar(name string, vars *node, call *node) *graph.Value {
	if n := vars.get(name); n != nil {
		return s.eval(n)
	}
	if v, ok := s.pseudo(name, call.rng); ok {
		return v
	}
	if v, ok := s.param(name, call.rng); ok {
		return v
	}
	if res := s.t.byName[name]; res != nil {
		return s.resourceValue(res, "", call.rng)
	}
	if res, attr, ok := strings.Cut(name, "."); ok && s.t.byName[res] != nil {
		return s.resourceValue(s.t.byName[res], attr, call.rng)
	}
	s.diag(call.rng, "Fn::Sub refers to undefined name "+name, "no variable, parameter or resource is named "+name)
	return graph.UnknownValue("Fn::Sub refers to undefined name "+name, call.rng)
}

// join evaluates Fn::Join.
func (s *stack) join(arg *node, call *node) *graph.Value {
	a := args(arg, 2)
	if a == nil {
		return s.bad("Fn::Join", call, "Fn::Join takes [delimiter, [values]]")
	}
	delim, ok := s.knownText(a[0])
	if !ok {
		return s.bad("Fn::Join", call, "the delimiter of Fn::Join must be a string")
	}
	list := s.eval(a[1])
	if list == nil || list.Type != graph.List {
		return withRefs(graph.UnknownValue("Fn::Join of a list known at deploy time: "+list.Describe(), call.rng), allRefs(list)...)
	}
	out := &graph.Value{Type: graph.String, Range: call.rng}
	parts := make([]string, 0, len(list.List))
	var whys []string
	var refs []graph.Ref
	size := int64(len(delim)) * int64(max(0, len(list.List)-1))
	for i, e := range list.List {
		if notEvaluated(e) {
			return withRefs(graph.UnknownValue(e.Why, call.rng), allRefs(list)...)
		}
		o := "element " + strconv.Itoa(i)
		if a[1].kind == kSeq && i < len(a[1].items) {
			o = origin(a[1].items[i])
		}
		t, why := text(e, o)
		parts = append(parts, t)
		size += int64(len(t))
		whys = append(whys, why)
		refs = append(refs, e.Refs...)
	}
	out.Refs = addRefs(nil, append(refs, list.Refs...)...)
	// Measured before it is joined: the parts may be one value many times.
	if over := s.fits(size, 0, true, call.rng); over != nil {
		return withRefList(over, out.Refs)
	}
	out.Str = strings.Join(parts, delim)
	if graph.HasHoles(out.Str) {
		out.Why = joinWhy(whys)
	}
	return out
}

// selectFn evaluates Fn::Select.
func (s *stack) selectFn(arg *node, call *node) *graph.Value {
	a := args(arg, 2)
	if a == nil {
		return s.bad("Fn::Select", call, "Fn::Select takes [index, [values]]")
	}
	idx := s.eval(a[0])
	list := s.eval(a[1])
	var i int
	var err error
	switch {
	case idx != nil && (idx.Type == graph.Number || idx.Type == graph.String) && !graph.HasHoles(idx.Str):
		i, err = strconv.Atoi(idx.Str)
		if err != nil {
			return s.bad("Fn::Select", call, "the index of Fn::Select must be a number")
		}
	default:
		return withRefs(graph.UnknownValue("Fn::Select index known at deploy time: "+idx.Describe(), call.rng), list)
	}
	if list == nil || list.Type != graph.List {
		return withRefs(graph.UnknownValue("Fn::Select from a list known at deploy time: "+list.Describe(), call.rng), allRefs(list)...)
	}
	if i < 0 || i >= len(list.List) {
		return s.bad("Fn::Select", call, "index "+strconv.Itoa(i)+" is out of range for a list of "+strconv.Itoa(len(list.List)))
	}
	return list.List[i]
}

// split evaluates Fn::Split. A string with holes splits when no hole can
// contain the delimiter: `!Select [4, !Split [":", !GetAtt Key.Arn]]` is the
// account hole.
func (s *stack) split(arg *node, call *node) *graph.Value {
	a := args(arg, 2)
	if a == nil {
		return s.bad("Fn::Split", call, "Fn::Split takes [delimiter, string]")
	}
	delim, ok := s.knownText(a[0])
	if !ok || delim == "" {
		return s.bad("Fn::Split", call, "the delimiter of Fn::Split must be a non-empty string")
	}
	v := s.eval(a[1])
	if v == nil || v.Type != graph.String || !splittable(v.Str, delim) {
		return withRefs(graph.UnknownValue("Fn::Split of a value known at deploy time: "+v.Describe(), call.rng), allRefs(v)...)
	}
	if over := s.fits(int64(len(v.Str)), int64(strings.Count(v.Str, delim)+1), false, call.rng); over != nil {
		return withRefs(over, v)
	}
	out := &graph.Value{Type: graph.List, Range: call.rng, Refs: v.Refs}
	for _, p := range graph.Split(v.Str, delim) {
		e := graph.Str(p, v.Range)
		e.Refs = v.Refs
		if graph.HasHoles(p) {
			e.Why = v.Why
		}
		out.List = append(out.List, e)
	}
	return out
}

// splittable reports whether no hole of s can contain delim.
func splittable(s, delim string) bool {
	for _, seg := range graph.Segments(s) {
		if seg.Hole == nil {
			continue
		}
		switch seg.Hole.Domain {
		case graph.DomainAccount, graph.DomainRegion, graph.DomainPartition:
			if strings.ContainsFunc(delim, func(r rune) bool {
				return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-'
			}) {
				return false
			}
		case graph.DomainName:
			if !strings.Contains(delim, ":") && !strings.Contains(delim, "/") {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// ifFn evaluates Fn::If: the branch when the condition is decided, both
// as a OneOf when it is not.
func (s *stack) ifFn(arg *node, call *node) *graph.Value {
	a := args(arg, 3)
	if a == nil {
		return s.bad("Fn::If", call, "Fn::If takes [condition, value if true, value if false]")
	}
	name, ok := a[0].text()
	if !ok {
		return s.bad("Fn::If", call, "the condition of Fn::If must be a condition name")
	}
	switch s.condition(name, a[0].rng) {
	case yes:
		return s.eval(a[1])
	case no:
		return s.eval(a[2])
	}
	x, y := s.eval(a[1]), s.eval(a[2])
	if x == nil && y == nil {
		return nil
	}
	out := &graph.Value{Type: graph.OneOf, Range: call.rng}
	for i, v := range []*graph.Value{x, y} {
		if v == nil {
			// The AWS::NoValue branch: the property may be absent.
			v = &graph.Value{Type: graph.Null, Why: "AWS::NoValue", Range: a[i+1].rng}
		}
		out.Alts = append(out.Alts, v)
		out.Refs = addRefs(out.Refs, v.Refs...)
	}
	out.Why = s.undecided(name)
	if over := s.fitsValue(out, call.rng); over != nil {
		return withRefList(over, out.Refs)
	}
	return out
}

// findInMap evaluates Fn::FindInMap, with the DefaultValue option of
// AWS::LanguageExtensions.
func (s *stack) findInMap(arg *node, call *node) *graph.Value {
	if arg == nil || arg.kind != kSeq || len(arg.items) < 3 || len(arg.items) > 4 {
		return s.bad("Fn::FindInMap", call, "Fn::FindInMap takes [map, top-level key, second-level key]")
	}
	var def *node
	if len(arg.items) == 4 {
		def = arg.items[3].get("DefaultValue")
	}
	var keys [3]string
	for i := range 3 {
		k, ok := s.knownText(arg.items[i])
		if !ok {
			v := s.eval(arg.items[i])
			return withRefs(graph.UnknownValue("Fn::FindInMap key known at deploy time: "+v.Describe(), call.rng), v)
		}
		keys[i] = k
	}
	n := s.t.mappings.get(keys[0]).get(keys[1]).get(keys[2])
	if n == nil {
		if def != nil {
			return s.eval(def)
		}
		s.diag(call.rng, "Fn::FindInMap finds nothing at "+strings.Join(keys[:], "/"), "")
		return graph.UnknownValue("Fn::FindInMap finds nothing at "+strings.Join(keys[:], "/"), call.rng)
	}
	return s.eval(n)
}

// importValue evaluates Fn::ImportValue to the exporting output's value, so
// that edges cross templates.
func (s *stack) importValue(arg *node, call *node) *graph.Value {
	name := s.eval(arg)
	if name == nil || name.Type != graph.String {
		return withRefs(graph.UnknownValue("Fn::ImportValue of a name known at deploy time: "+name.Describe(), call.rng), name)
	}
	if !s.l.exportsReady {
		return graph.UnknownValue("exports are not known yet", call.rng)
	}
	e := s.l.exports[name.Str]
	if e == nil {
		why := "export " + graph.Display(name.Str) + " is not defined in the scanned templates"
		if files := s.l.unnamedExporters(); len(files) > 0 {
			why += "; " + strings.Join(files, ", ") + " export names built from AWS::StackName: pass --stack-name TEMPLATE=NAME to resolve them"
		}
		return graph.UnknownValue(why, call.rng)
	}
	if e.busy || s.l.frozen && !e.done {
		return graph.UnknownValue("export "+graph.Display(name.Str)+" depends on itself", call.rng)
	}
	if !e.done {
		e.busy = true
		e.value = e.stack.eval(e.out.get("Value"))
		e.busy = false
		e.done = true
	}
	for _, d := range e.diags {
		s.l.add(d)
	}
	if e.value == nil {
		return graph.UnknownValue("export "+graph.Display(name.Str)+" has no value", call.rng)
	}
	if !s.l.frozen {
		// Reported once; settled exports are only read, and leaves
		// report them alike, merged as one.
		e.diags = nil
	}
	return e.value
}

// unnamedExporters lists, once, the templates whose export names hold their
// own stack name, unknown without --stack-name: an import that finds no
// export may be meant for one of them.
func (l *loader) unnamedExporters() []string {
	if l.unnamed != nil {
		return *l.unnamed
	}
	seen := map[string]bool{}
	var files []string
	for name := range l.exports {
		for _, o := range graph.Origins(name) {
			if f, ok := strings.CutPrefix(o, "AWS::StackName of "); ok && !seen[f] {
				seen[f] = true
				files = append(files, f)
			}
		}
	}
	sort.Strings(files)
	l.unnamed = &files
	return files
}
