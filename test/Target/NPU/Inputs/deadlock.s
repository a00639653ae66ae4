# matrix and vector each wait for the other first: nothing can start.
.queue matrix
  wait_flag flag=1
  set_flag flag=0
.queue vector
  wait_flag flag=0
  set_flag flag=1
