import type { ButtonHTMLAttributes } from "react";
import { cn, cx } from "@/lib/ui/cn";

export type ButtonVariant = "default" | "secondary" | "destructive" | "danger" | "ghost" | "outline";
export type ButtonSize = "xs" | "sm" | "md" | "lg" | "icon";

const VARIANTS: Record<ButtonVariant, string> = {
  default: "bg-primary text-primary-foreground hover:bg-primary/90",
  secondary: "bg-secondary text-secondary-foreground hover:bg-secondary/80",
  destructive: "bg-destructive text-destructive-foreground hover:bg-destructive/90",
  // What opens a destructive confirmation: outlined, red text; the solid red is kept for the confirm itself.
  danger: "border border-input bg-background text-danger-text hover:bg-danger-soft hover:text-danger-soft-foreground",
  ghost: "text-foreground hover:bg-muted",
  outline: "border border-input bg-background text-foreground hover:bg-muted",
};

const SIZES: Record<ButtonSize, string> = {
  xs: "h-7 gap-1.5 px-2 text-xs",
  sm: "h-8 gap-1.5 px-3 text-xs",
  md: "h-9 gap-2 px-4 text-sm",
  lg: "h-10 gap-2 px-6 text-sm",
  icon: "size-9",
};

/** The button look, for links that should read as buttons (`<Link className={buttonClasses()}>`). */
export function buttonClasses({ variant = "default", size = "md", className }: { variant?: ButtonVariant; size?: ButtonSize; className?: string } = {}) {
  // The parts never conflict with each other; only a caller's className needs merging.
  return (className ? cn : cx)(
    "inline-flex shrink-0 items-center justify-center rounded-md font-medium whitespace-nowrap transition-colors",
    "focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-background focus-visible:outline-none",
    "disabled:pointer-events-none disabled:opacity-60",
    VARIANTS[variant],
    SIZES[size],
    className,
  );
}

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; size?: ButtonSize };

export function Button({ variant, size, className, type = "button", ...props }: ButtonProps) {
  return <button type={type} className={buttonClasses({ variant, size, className })} {...props} />;
}
