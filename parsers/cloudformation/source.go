package cloudformation

import (
	"sort"
	"unicode/utf8"

	"github.com/trailint/trailint/graph"
)

// source maps the parser's positions (1-based line, column in characters)
// to byte offsets and back. yaml.v3 counts a column per character and
// breaks lines at LF, CR, CRLF, NEL, LS and PS; the index mirrors that so
// that positions agree with the parser's.
type source struct {
	file  string
	data  []byte
	lines []int  // byte offset of each line start; lines[0] is line 1
	ascii []bool // whether the line holds only ASCII, so column = byte + 1
	runes map[int][]int
}

func newSource(file string, data []byte) *source {
	s := &source{file: file, data: data, lines: []int{0}}
	ascii := true
	for i := 0; i < len(data); {
		c := data[i]
		n := 0
		switch {
		case c == '\n':
			n = 1
		case c == '\r':
			n = 1
			if i+1 < len(data) && data[i+1] == '\n' {
				n = 2
			}
		case c == 0xC2 && i+1 < len(data) && data[i+1] == 0x85:
			n = 2
		case c == 0xE2 && i+2 < len(data) && data[i+1] == 0x80 && (data[i+2] == 0xA8 || data[i+2] == 0xA9):
			n = 3
		}
		if n == 0 {
			if c >= utf8.RuneSelf {
				ascii = false
			}
			i++
			continue
		}
		s.ascii = append(s.ascii, ascii)
		ascii = true
		i += n
		s.lines = append(s.lines, i)
	}
	s.ascii = append(s.ascii, ascii)
	// A byte-order mark is skipped by the parser without counting a column.
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		s.lines[0] = 3
	}
	return s
}

// lineRunes returns the byte offsets of the characters of a non-ASCII line,
// computed once per line.
func (s *source) lineRunes(line int) []int {
	if offs, ok := s.runes[line]; ok {
		return offs
	}
	if s.runes == nil {
		s.runes = map[int][]int{}
	}
	start, end := s.lineBounds(line)
	var offs []int
	for i := start; i < end; {
		offs = append(offs, i)
		_, w := utf8.DecodeRune(s.data[i:end])
		i += w
	}
	s.runes[line] = offs
	return offs
}

// lineBounds returns the byte range of a line without its break.
func (s *source) lineBounds(line int) (int, int) {
	start := s.lines[line-1]
	end := len(s.data)
	if line < len(s.lines) {
		end = s.lines[line]
		for end > start && (s.data[end-1] == '\n' || s.data[end-1] == '\r') {
			end--
		}
		if end-start >= 2 && s.data[end-2] == 0xC2 && s.data[end-1] == 0x85 {
			end -= 2
		} else if end-start >= 3 && s.data[end-3] == 0xE2 && s.data[end-2] == 0x80 && (s.data[end-1] == 0xA8 || s.data[end-1] == 0xA9) {
			end -= 3
		}
	}
	return start, end
}

// offset returns the byte offset of a parser position, clamped to the file.
func (s *source) offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(s.lines) {
		return len(s.data)
	}
	start, end := s.lineBounds(line)
	if col < 1 {
		col = 1
	}
	if s.ascii[line-1] {
		return min(start+col-1, end)
	}
	offs := s.lineRunes(line)
	if col-1 < len(offs) {
		return offs[col-1]
	}
	return end
}

// pos returns the position of a byte offset.
func (s *source) pos(off int) graph.Pos {
	off = max(0, min(off, len(s.data)))
	line := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off })
	if line == 0 {
		line = 1
	}
	start := s.lines[line-1]
	if off < start {
		off = start
	}
	if s.ascii[line-1] {
		return graph.Pos{Line: line, Column: off - start + 1, Byte: off}
	}
	offs := s.lineRunes(line)
	col := sort.SearchInts(offs, off)
	return graph.Pos{Line: line, Column: col + 1, Byte: off}
}

// span returns the range between two byte offsets.
func (s *source) span(from, to int) graph.Range {
	if to < from {
		to = from
	}
	return graph.Range{File: s.file, Start: s.pos(from), End: s.pos(to)}
}
