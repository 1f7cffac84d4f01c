// Package activities holds the Temporal activities: every side effect a
// workflow needs (store writes, notifications) lives here, on one dependency
// struct registered with the worker.
package activities

import (
	"livechat/accounts"
	"livechat/notify"
	"livechat/store"
)

// Activities carries the dependencies of every activity.
type Activities struct {
	Store     *store.Store
	Mailer    notify.Mailer
	Texter    notify.Texter
	Signer    accounts.Signer
	PublicURL string
}
