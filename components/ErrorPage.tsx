export interface ErrorPageProps {
  status: number;
  title: string;
  message: string;
  requestId: string | null;
}

/** A plain error page for browser routes (API routes answer JSON). */
export default function ErrorPage(props: ErrorPageProps) {
  return (
    <main class="narrow">
      <h1>{props.title}</h1>
      <p class="error-message" data-status={props.status}>{props.message}</p>
      {props.requestId && <p class="muted">Request id: {props.requestId}</p>}
      <p>
        <a href="/">Back to the start page</a>
      </p>
    </main>
  );
}
