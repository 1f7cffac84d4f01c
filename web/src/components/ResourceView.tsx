/** Shows a loaded value, or its loading state, or its error with a Retry button. */
import type { ComponentChildren } from 'preact';
import type { Resource } from '../hooks';
import { RetryAlert } from './RetryAlert';

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
    return <RetryAlert text={resource.message} onRetry={reload} />;
  }
  return <>{children(resource.data)}</>;
}
