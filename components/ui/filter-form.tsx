import Form from "next/form";
import type { ComponentProps } from "react";

type Props = Omit<ComponentProps<typeof Form>, "action" | "key"> & {
  action: string;
  /** The filter values the URL holds now: the form is rebuilt from them whenever they change. */
  values: Record<string, unknown>;
};

/**
 * A GET filter form whose fields always show what the URL says. Apply is a client-side
 * navigation (next/form), and the fields are uncontrolled inputs seeded from the URL's values:
 * keying the form by those values rebuilds it on Back/Forward, and autoComplete="off" stops the
 * browser from restoring what was typed before a full-page history navigation. Works without
 * JavaScript as a plain GET form.
 */
export function FilterForm({ values, action, ...props }: Props) {
  return <Form key={JSON.stringify(values)} action={action} autoComplete="off" {...props} />;
}
