import { domAnimation } from 'framer-motion';

/** framer-motion's animation engine, loaded after the page is interactive (see the dashboard's LazyMotion). */
export default domAnimation;
