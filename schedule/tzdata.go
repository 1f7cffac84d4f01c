package schedule

// Embed the IANA time zone database so time.LoadLocation works in containers
// without /usr/share/zoneinfo (it is only consulted when the system has none).
import _ "time/tzdata"
