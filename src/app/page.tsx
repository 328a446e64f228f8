import { redirect } from 'next/navigation';
import { getOptionalSession } from '@/lib/http/page-session';

export default async function Home() {
  redirect((await getOptionalSession()) ? '/analytics/segmentation' : '/sign-in');
}
