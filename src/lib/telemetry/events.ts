'use client';

/**
 * Product analytics (SPEC §8). Inert without NEXT_PUBLIC_POSTHOG_KEY: nothing is loaded or
 * sent. Events carry only the properties listed here — tiers, modes, counts and timings, never
 * a name, email, phone or id of a person.
 */
export interface SegmentationEvents {
  segmentation_dashboard_viewed: { data_mode: 'live' | 'demo'; customer_count: number };
  segmentation_refresh_clicked: { data_mode: 'live' | 'demo'; recompute: boolean };
  segmentation_methodology_toggled: { action: 'open' | 'close' };
  segmentation_segment_clicked: { tier: string; customer_count: number };
  segmentation_error_occurred: { kind: 'network' | 'server' | 'rate-limited' | 'unauthorized' };
  segmentation_api_success: { duration_ms: number; data_mode: 'live' | 'demo' };
  segmentation_api_error: { status: number; duration_ms: number };
  segmentation_data_mode_changed: { from: 'live' | 'demo'; to: 'live' | 'demo' };
}

type Capture = (event: string, properties: Record<string, unknown>) => void;
let capture: Promise<Capture | null> | undefined;

function client(): Promise<Capture | null> {
  const key = process.env.NEXT_PUBLIC_POSTHOG_KEY;
  if (!key || typeof window === 'undefined') return Promise.resolve(null);
  // Loaded only when configured, so the dashboard's first load does not carry it.
  capture ??= import('posthog-js').then(({ default: posthog }) => {
    posthog.init(key, {
      api_host: process.env.NEXT_PUBLIC_POSTHOG_HOST ?? 'https://us.i.posthog.com',
      autocapture: false,
      capture_pageview: false,
      disable_session_recording: true,
      persistence: 'memory',
    });
    return (event, properties) => posthog.capture(event, properties);
  });
  return capture;
}

export function track<E extends keyof SegmentationEvents>(event: E, properties: SegmentationEvents[E]): void {
  void client().then((send) => send?.(event, properties));
}
