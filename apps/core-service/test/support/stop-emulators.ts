import { stopEmulators } from './emulators';

export default stopEmulators;
