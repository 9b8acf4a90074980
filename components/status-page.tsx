import type { ReactNode } from "react";

type Props = {
  code: string;
  title: string;
  children: ReactNode;
  action?: ReactNode;
  footer?: ReactNode;
  /** False when rendered inside the console shell, whose <main> already wraps it. */
  landmark?: boolean;
};

/** The shared body of the 403, 404 and error pages: code, one h1, an explanation, one way out. */
export function StatusPage({ code, title, children, action, footer, landmark = true }: Props) {
  const Root = landmark ? "main" : "div";
  return (
    <Root id={landmark ? "main" : undefined} className="mx-auto flex min-h-[60dvh] max-w-lg flex-col justify-center gap-4 px-6 py-16">
      <p className="font-mono text-sm font-medium text-muted-foreground">{code}</p>
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <p className="text-sm text-muted-foreground">{children}</p>
      {action ? <div>{action}</div> : null}
      {footer ? <p className="text-xs text-muted-foreground">{footer}</p> : null}
    </Root>
  );
}
