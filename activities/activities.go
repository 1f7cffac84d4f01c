// Package activities holds the Temporal activities: every side effect a
// workflow needs (store writes, notifications) lives here, on one dependency
// struct registered with the worker.
package activities

import (
	"go.temporal.io/sdk/client"

	"livechat/accounts"
	"livechat/notify"
	"livechat/routing"
	"livechat/store"
)

// Activities carries the dependencies of every activity.
type Activities struct {
	Store     *store.Store
	Mailer    notify.Mailer
	Texter    notify.Texter
	Signer    accounts.Signer
	PublicURL string
	// Temporal signals other chat workflows (dispatch results).
	Temporal client.Client
	// Dispatcher makes the assignment decisions.
	Dispatcher *routing.Dispatcher
}
