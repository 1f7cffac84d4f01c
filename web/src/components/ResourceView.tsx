/** Shows a loaded value, or its loading state, or its error with a Retry button. */
import type { ComponentChildren } from 'preact';
import type { Resource } from '../hooks';

interface ResourceViewProps<T> {
  resource: Resource<T>;
  reload: () => void;
  /** What is loading, for the status text: "Loading members…". */
  what: string;
  children: (data: T) => ComponentChildren;
}

export function ResourceView<T>({ resource, reload, what, children }: ResourceViewProps<T>) {
  if (resource.state === 'loading') {
    return (
      <p class="muted" role="status">
        Loading {what}…
      </p>
    );
  }
  if (resource.state === 'failed') {
    return (
      <p role="alert">
        {resource.message}{' '}
        <button type="button" class="link-button" onClick={reload}>
          Retry
        </button>
      </p>
    );
  }
  return <>{children(resource.data)}</>;
}
