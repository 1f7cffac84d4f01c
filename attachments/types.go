package attachments

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"livechat/apperr"
)

// sniffLen is how much of a file the content checks look at before the
// bytes go to storage (http.DetectContentType reads the first 512).
const sniffLen = 8 << 10

// fileType is what an allowed extension promises about the content.
type fileType struct {
	// mime is the type recorded for the file (never the client's claim).
	mime string
	// text: the whole file must be UTF-8 without NUL bytes, and
	// http.DetectContentType must see text.
	text bool
	// magic reports whether the start of the file fits the format (nil:
	// any text does).
	magic func(head []byte) bool
	// sniffed, when set, is the type http.DetectContentType must find.
	sniffed string
	// describe names the format in error messages.
	describe string
}

func prefix(sigs ...string) func([]byte) bool {
	return func(head []byte) bool {
		for _, s := range sigs {
			if bytes.HasPrefix(head, []byte(s)) {
				return true
			}
		}
		return false
	}
}

func at(offset int, sigs ...string) func([]byte) bool {
	return func(head []byte) bool {
		return len(head) > offset && prefix(sigs...)(head[offset:])
	}
}

func both(a, b func([]byte) bool) func([]byte) bool {
	return func(head []byte) bool { return a(head) && b(head) }
}

const (
	sigZip  = "PK\x03\x04"
	sigOLE  = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
	sigEBML = "\x1A\x45\xDF\xA3"
	sigGzip = "\x1F\x8B\x08"
)

var (
	zipMagic  = prefix(sigZip, "PK\x05\x06") // a file, or an empty archive
	oleMagic  = prefix(sigOLE)
	gzipMagic = prefix(sigGzip)
	tiffMagic = prefix("II*\x00", "MM\x00*")
	jpegMagic = prefix("\xFF\xD8\xFF")
	// isoMedia: an ISO base media file (MP4, QuickTime) starts with a box
	// whose type follows its 4-byte size.
	isoMedia = at(4, "ftyp")
	// quickTime files may also open with other atoms.
	quickTime = at(4, "ftyp", "moov", "mdat", "wide", "free", "skip", "pnot")
)

// mp3Magic: an ID3 tag or an MPEG audio frame sync.
func mp3Magic(head []byte) bool {
	return bytes.HasPrefix(head, []byte("ID3")) || (len(head) > 1 && head[0] == 0xFF && head[1]&0xE0 == 0xE0)
}

// pgpMagic: ASCII armour, or a binary OpenPGP packet (its tag byte has the
// high bit set).
func pgpMagic(head []byte) bool {
	return bytes.HasPrefix(head, []byte("-----BEGIN PGP ")) || (len(head) > 0 && head[0]&0x80 != 0)
}

// svgMagic: an SVG document names its root element early.
func svgMagic(head []byte) bool {
	return bytes.Contains(bytes.ToLower(head), []byte("<svg"))
}

// xmlMagic: markup after an optional byte-order mark and white space.
func xmlMagic(head []byte) bool {
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n")
	return bytes.HasPrefix(head, []byte("<"))
}

// jsonMagic: a JSON text starts with a value after optional white space.
func jsonMagic(head []byte) bool {
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n")
	if len(head) > 1 && head[0] == '-' {
		head = head[1:] // a negative number
	}
	return len(head) > 0 && strings.ContainsRune(`{["0123456789`, rune(head[0])) || prefix("true", "false", "null")(head)
}

// types are the extensions users may upload (the product's list) and what
// each one's content must look like.
var types = map[string]fileType{
	"7z":   {mime: "application/x-7z-compressed", magic: prefix("7z\xBC\xAF\x27\x1C"), describe: "7-Zip archive"},
	"avi":  {mime: "video/x-msvideo", magic: both(prefix("RIFF"), at(8, "AVI ")), describe: "AVI video"},
	"bmp":  {mime: "image/bmp", magic: prefix("BM"), sniffed: "image/bmp", describe: "BMP image"},
	"cfg":  {mime: "text/plain; charset=utf-8", text: true, describe: "text file"},
	"csv":  {mime: "text/csv; charset=utf-8", text: true, describe: "CSV file"},
	"doc":  {mime: "application/msword", magic: oleMagic, describe: "Word 97-2003 document"},
	"docx": {mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", magic: zipMagic, describe: "Word document"},
	"gif":  {mime: "image/gif", magic: prefix("GIF87a", "GIF89a"), sniffed: "image/gif", describe: "GIF image"},
	"gz":   {mime: "application/gzip", magic: gzipMagic, sniffed: "application/x-gzip", describe: "gzip file"},
	"jpg":  {mime: "image/jpeg", magic: jpegMagic, sniffed: "image/jpeg", describe: "JPEG image"},
	"jpeg": {mime: "image/jpeg", magic: jpegMagic, sniffed: "image/jpeg", describe: "JPEG image"},
	"json": {mime: "application/json", text: true, magic: jsonMagic, describe: "JSON file"},
	"mkv":  {mime: "video/x-matroska", magic: prefix(sigEBML), describe: "Matroska video"},
	"mov":  {mime: "video/quicktime", magic: quickTime, describe: "QuickTime video"},
	"mp3":  {mime: "audio/mpeg", magic: mp3Magic, describe: "MP3 audio"},
	"mp4":  {mime: "video/mp4", magic: isoMedia, describe: "MP4 video"},
	"pcap": {mime: "application/vnd.tcpdump.pcap", magic: prefix("\xD4\xC3\xB2\xA1", "\xA1\xB2\xC3\xD4", "\x4D\x3C\xB2\xA1", "\xA1\xB2\x3C\x4D", "\x0A\x0D\x0D\x0A"), describe: "packet capture"},
	"pdf":  {mime: "application/pdf", magic: prefix("%PDF-"), sniffed: "application/pdf", describe: "PDF document"},
	"pgp":  {mime: "application/pgp-encrypted", magic: pgpMagic, describe: "PGP file"},
	"png":  {mime: "image/png", magic: prefix("\x89PNG\r\n\x1A\n"), sniffed: "image/png", describe: "PNG image"},
	"psd":  {mime: "image/vnd.adobe.photoshop", magic: prefix("8BPS"), describe: "Photoshop document"},
	"rar":  {mime: "application/vnd.rar", magic: prefix("Rar!\x1A\x07"), describe: "RAR archive"},
	"svg":  {mime: "image/svg+xml", text: true, magic: svgMagic, describe: "SVG image"},
	"tar":  {mime: "application/x-tar", magic: at(257, "ustar"), describe: "tar archive"},
	"tgz":  {mime: "application/gzip", magic: gzipMagic, sniffed: "application/x-gzip", describe: "gzipped tar archive"},
	"tif":  {mime: "image/tiff", magic: tiffMagic, describe: "TIFF image"},
	"tiff": {mime: "image/tiff", magic: tiffMagic, describe: "TIFF image"},
	"txt":  {mime: "text/plain; charset=utf-8", text: true, describe: "text file"},
	"wav":  {mime: "audio/wav", magic: both(prefix("RIFF"), at(8, "WAVE")), describe: "WAV audio"},
	"webm": {mime: "video/webm", magic: prefix(sigEBML), describe: "WebM video"},
	"wmv":  {mime: "video/x-ms-wmv", magic: prefix("\x30\x26\xB2\x75\x8E\x66\xCF\x11\xA6\xD9\x00\xAA\x00\x62\xCE\x6C"), describe: "Windows Media video"},
	"xls":  {mime: "application/vnd.ms-excel", magic: oleMagic, describe: "Excel 97-2003 workbook"},
	"xlsx": {mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", magic: zipMagic, describe: "Excel workbook"},
	"xml":  {mime: "application/xml", text: true, magic: xmlMagic, describe: "XML file"},
	"zip":  {mime: "application/zip", magic: zipMagic, describe: "ZIP archive"},
}

// Extensions lists the allowed file extensions, sorted.
func Extensions() []string {
	out := make([]string, 0, len(types))
	for ext := range types {
		out = append(out, ext)
	}
	slices.Sort(out)
	return out
}

// Extension returns the lower-case extension of a file name ("" if none).
func Extension(filename string) string {
	ext := path.Ext(filename)
	if ext == "" || ext == filename {
		return ""
	}
	return strings.ToLower(strings.TrimPrefix(ext, "."))
}

// errTypeNotAllowed refuses an extension that is not on the list.
func errTypeNotAllowed(ext string) error {
	what := "files without an extension"
	if ext != "" {
		what = "." + ext + " files"
	}
	return apperr.New(apperr.Unsupported, "file_type_not_allowed", "%s cannot be uploaded; allowed: %s", what, strings.Join(Extensions(), ", "))
}

func errMismatch(ext string, ft fileType, why string) error {
	return apperr.New(apperr.Unprocessable, "file_content_mismatch", "the file's name ends in .%s but its content is not a %s (%s)", ext, ft.describe, why)
}

// ErrEmptyFile refuses an upload without content.
var ErrEmptyFile = apperr.New(apperr.Unprocessable, "file_empty", "the file is empty")

// errTooLarge refuses a file over the size limit.
func errTooLarge(max int64) error {
	return apperr.New(apperr.TooLarge, "file_too_large", "the file is larger than %s", FormatSize(max))
}

// checkHead checks the start of a file against its extension's format.
func (ft fileType) checkHead(ext string, head []byte) error {
	sniffed := http.DetectContentType(head)
	if ft.text && !strings.HasPrefix(sniffed, "text/") {
		return errMismatch(ext, ft, "it is not text: it looks like "+strings.SplitN(sniffed, ";", 2)[0])
	}
	if ft.sniffed != "" && sniffed != ft.sniffed {
		return errMismatch(ext, ft, "it does not start with the format's signature")
	}
	if ft.magic != nil && !ft.magic(head) {
		return errMismatch(ext, ft, "it does not start with the format's signature")
	}
	return nil
}

// errNotUTF8 and errNUL are what textReader reports; checked reports them
// as mismatches of the file's type.
var (
	errNotUTF8 = errors.New("it is not valid UTF-8 text")
	errNUL     = errors.New("it contains NUL bytes")
)

// textReader passes bytes through while checking they form UTF-8 text
// without NUL bytes; a rune split between two reads is checked whole.
type textReader struct {
	r       io.Reader
	pending []byte // the start of a rune cut by the previous read
}

func (t *textReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if n > 0 {
		if bytes.IndexByte(p[:n], 0) >= 0 {
			return n, errNUL
		}
		buf := make([]byte, 0, len(t.pending)+n)
		buf = append(append(buf, t.pending...), p[:n]...)
		// Hold back an incomplete rune at the end for the next read.
		cut := len(buf)
		for i := len(buf) - 1; i >= 0 && i >= len(buf)-utf8.UTFMax; i-- {
			if utf8.RuneStart(buf[i]) {
				if !utf8.FullRune(buf[i:]) {
					cut = i
				}
				break
			}
		}
		if !utf8.Valid(buf[:cut]) {
			return n, errNotUTF8
		}
		t.pending = append(t.pending[:0], buf[cut:]...)
	}
	if errors.Is(err, io.EOF) && len(t.pending) > 0 {
		return n, errNotUTF8
	}
	return n, err
}

// limitReader fails once more than max bytes have been read.
type limitReader struct {
	r    io.Reader
	left int64 // bytes still allowed
	max  int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n, errTooLarge(l.max)
	}
	return n, err
}

// checked reads the start of content, checks it against the extension's
// format and returns a reader over the whole content that fails when the
// rest breaks the rules (size, text). The returned error, and the reader's,
// is an *apperr.Error for anything the uploader must fix.
func checked(ext string, ft fileType, content io.Reader, maxBytes int64) (io.Reader, error) {
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(content, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("attachments: read upload: %w", err)
	}
	head = head[:n]
	if n == 0 {
		return nil, ErrEmptyFile
	}
	if int64(n) > maxBytes {
		return nil, errTooLarge(maxBytes)
	}
	if err := ft.checkHead(ext, head); err != nil {
		return nil, err
	}
	var r io.Reader = &limitReader{r: io.MultiReader(bytes.NewReader(head), content), left: maxBytes, max: maxBytes}
	if ft.text {
		r = &mismatchReader{r: &textReader{r: r}, ext: ext, ft: ft}
	}
	return r, nil
}

// mismatchReader turns textReader's findings into file_content_mismatch.
type mismatchReader struct {
	r   io.Reader
	ext string
	ft  fileType
}

func (m *mismatchReader) Read(p []byte) (int, error) {
	n, err := m.r.Read(p)
	if errors.Is(err, errNotUTF8) || errors.Is(err, errNUL) {
		return n, errMismatch(m.ext, m.ft, err.Error())
	}
	return n, err
}

// inline are the types browsers render as images without running anything:
// served as themselves, inline. Everything else (SVG included, which can
// carry script) is served as a download.
var inline = map[string]bool{
	"image/png": true, "image/jpeg": true, "image/gif": true, "image/bmp": true, "image/webp": true,
}

// Served says how a stored file goes out: the Content-Type, and whether it
// may be shown inline (else it is a download, application/octet-stream).
func Served(contentType string) (serveAs string, showInline bool) {
	if inline[contentType] {
		return contentType, true
	}
	return "application/octet-stream", false
}

// maxFilename is the longest file name kept, in characters.
const maxFilename = 255

// CleanFilename turns the name a client sent into one safe to store and
// show: the last path element, without control, format (bidirectional
// overrides that disguise an extension) or invalid characters, trimmed, at
// most 255 characters with the extension kept.
func CleanFilename(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.ToValidUTF8(name, "")
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) <= maxFilename {
		return name
	}
	ext := path.Ext(name)
	if utf8.RuneCountInString(ext) > 16 {
		ext = ""
	}
	stem := []rune(strings.TrimSuffix(name, ext))
	return strings.TrimSpace(string(stem[:maxFilename-utf8.RuneCountInString(ext)])) + ext
}

// FormatSize renders a byte count exactly, in the largest unit that
// divides it: "10 MiB", "10304 KiB", "700 bytes".
func FormatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}
