// Package store is Livechat's PostgreSQL data access: the connection pool,
// the embedded migrations and the sqlc-generated queries in store/db.
package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"livechat/store/db"
)

// ErrNotFound is returned instead of (nil, nil) when a row does not exist
// (or belongs to another organisation).
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when a write breaks a uniqueness rule.
var ErrConflict = errors.New("conflict")

// Store bundles the pool with the generated queries.
type Store struct {
	Pool *pgxpool.Pool
	*db.Queries
}

// New wraps an open pool.
func New(pool *pgxpool.Pool) *Store {
	return &Store{Pool: pool, Queries: db.New(pool)}
}

// DefaultMaxConns is the pool's size unless the database URL sets
// pool_max_conns. pgx's own default (the number of CPUs, at least 4) queues
// a busy API's requests behind a handful of connections while PostgreSQL
// sits idle: every message waits for its commit's fsync on a connection
// (bench/README.md, docs/decisions.md).
const DefaultMaxConns = 20

// Open connects to PostgreSQL and checks the connection.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("store: parse database URL: %w", err)
	}
	if !strings.Contains(url, "pool_max_conns") {
		cfg.MaxConns = DefaultMaxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: cannot reach PostgreSQL at %s: %w", cfg.ConnConfig.Host, err)
	}
	return New(pool), nil
}

// Close releases the pool.
func (s *Store) Close() { s.Pool.Close() }

// InTx runs fn in one transaction: committed when fn returns nil, rolled back otherwise.
func (s *Store) InTx(ctx context.Context, fn func(q *db.Queries) error) error {
	tx, err := s.Pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if err := fn(s.WithTx(tx)); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// InGroup runs fn for items 0 to n-1 in one transaction. If one fails, that
// transaction is rolled back and each item runs again in a transaction of
// its own, so a failing item fails alone: its error is in errs[i] and the
// others are written. fn may thus run twice for an item. err is the
// failure of a single item, or of a group whose context ended.
func (s *Store) InGroup(ctx context.Context, n int, fn func(i int, q *db.Queries) error) (errs []error, err error) {
	errs = make([]error, n)
	err = s.InTx(ctx, func(q *db.Queries) error {
		for i := range n {
			if err := fn(i, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil || n == 1 {
		return errs, err
	}
	if ctx.Err() != nil {
		return nil, err
	}
	for i := range n {
		errs[i] = s.InTx(ctx, func(q *db.Queries) error { return fn(i, q) })
	}
	return errs, nil
}

// Err maps driver errors onto the store's sentinel errors, keeping the cause.
func Err(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return fmt.Errorf("%w: %s: %w", ErrConflict, pgErr.ConstraintName, err)
	}
	return err
}
